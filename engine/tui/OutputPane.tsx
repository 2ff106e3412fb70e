import { Box, Text } from 'ink';
import wrapAnsi from 'wrap-ansi';
import { visibleLines } from './append-output.js';
import { useTheme } from './theme-context.js';
import type { Scrollback } from './tui-state.js';

export interface OutputPaneProps {
  scrollback: Scrollback;
  /** The rows of a step running in a terminal of its own, after the scrollback. */
  live?: readonly string[];
  scroll: number;
  height: number;
  width: number;
}

/**
 * The window of output rows to show: the lines ending `scroll` lines from the bottom, wrapped
 * to the pane's width (a terminal wraps; nothing is cut at the edge). Scrolled to the first
 * line, the pane shows the first rows, not one line and then emptiness.
 */
export function outputWindow(lines: readonly string[], scroll: number, height: number, width: number): string[] {
  if (height <= 0) return [];
  const wrap = (line: string): string[] => (line === '' ? [''] : wrapAnsi(line, Math.max(1, width), { hard: true, trim: false }).split('\n'));
  const end = Math.max(0, lines.length - scroll);
  const rows: string[] = [];
  let index = end - 1;
  for (; index >= 0 && rows.length < height; index--) rows.unshift(...wrap(lines[index]!));
  if (rows.length > height) return rows.slice(rows.length - height);
  // Reached the first line with room to spare: fill the pane with the lines after the window.
  for (let next = end; next < lines.length && rows.length < height; next++) rows.push(...wrap(lines[next]!));
  return rows.slice(0, height);
}

/** The last rows of the output, or an earlier window when scrolled up. */
export function OutputPane({ scrollback, live = [], scroll, height, width }: OutputPaneProps) {
  const theme = useTheme();
  if (height <= 0) return null;
  const lines = live.length === 0 ? visibleLines(scrollback) : [...visibleLines(scrollback), ...live];
  const shown = outputWindow(lines, scroll, height, width);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end" color={line.startsWith('── ') ? theme.muted : undefined}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}
