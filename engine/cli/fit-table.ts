import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import { terminalText } from '../report/safe-text.js';

export interface FitColumn {
  /** Index of a column that may be cut to fit (the widest of them gives way first). */
  column: number;
  /** Where the cut goes: `start` keeps a path's file name, `end` keeps a title's beginning. */
  position: 'start' | 'end';
  /** Narrowest it gets (columns). */
  min: number;
}

/**
 * Rows as an aligned plain table (two spaces between columns, the last column not padded),
 * at most `width` terminal columns wide when `shrink` columns can give way (cut with `…`).
 * Cells are made terminal-safe (`terminalText`) and measured by display width.
 */
export function fitTable(rows: string[][], width: number, shrink: FitColumn[]): string {
  const cells = rows.map((row) => row.map(terminalText));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => stringWidth(row[column] ?? ''))));
  let over = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1) - width;
  // The widest column that may give way gives a column, until the table fits (or none can).
  while (over > 0) {
    let widest: FitColumn | undefined;
    for (const fit of shrink) if (widths[fit.column]! > fit.min && (!widest || widths[fit.column]! > widths[widest.column]!)) widest = fit;
    if (!widest) break;
    widths[widest.column]! -= 1;
    over -= 1;
  }
  const positions = new Map(shrink.map((fit) => [fit.column, fit.position]));
  return (
    cells
      .map((row) =>
        row
          .map((cell, column) => {
            const position = positions.get(column);
            const fitted = position && stringWidth(cell) > widths[column]! ? cliTruncate(cell, widths[column]!, { position }) : cell;
            return column === row.length - 1 ? fitted : fitted + ' '.repeat(Math.max(0, widths[column]! - stringWidth(fitted)));
          })
          .join('  '),
      )
      .join('\n') + '\n'
  );
}

/** Columns of the terminal stdout writes to; unlimited when it is not one (a pipe, a file) unless COLUMNS says. */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number {
  if (stream.isTTY && stream.columns > 0) return stream.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : Number.POSITIVE_INFINITY;
}
