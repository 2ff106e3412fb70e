/** Rows and columns of each area; the frame is one row shorter than the terminal (no scrolling). */
export interface Layout {
  columns: number;
  frameRows: number;
  outlineWidth: number;
  mainWidth: number;
  bodyRows: number;
  proseRows: number;
  commandRows: number;
  resultRows: number;
  outputRows: number;
}

export interface LayoutNeeds {
  prose: number;
  command: number;
  result: number;
}

const HEADER_ROWS = 1;
const PROMPT_ROWS = 2;
const FOOTER_ROWS = 1;
/** Step title and status line. */
const FIXED_MAIN_ROWS = 2;
const MIN_OUTPUT_ROWS = 3;

/** Fits 80×24 and gives extra room to the prose, the command, the results and the output. */
export function computeLayout(columns: number, rows: number, needs: LayoutNeeds): Layout {
  const frameRows = Math.max(10, rows - 1);
  const outlineWidth = columns >= 110 ? 34 : columns >= 72 ? 24 : 0;
  const mainWidth = Math.max(20, columns - outlineWidth - (outlineWidth > 0 ? 2 : 0));
  const bodyRows = Math.max(4, frameRows - HEADER_ROWS - PROMPT_ROWS - FOOTER_ROWS);
  const roomy = bodyRows >= 30;
  let proseRows = Math.min(needs.prose, roomy ? 12 : 4);
  let commandRows = Math.min(needs.command, roomy ? 8 : 3);
  let resultRows = Math.min(needs.result, roomy ? 8 : 4);
  const outputRows = (): number => bodyRows - FIXED_MAIN_ROWS - proseRows - commandRows - resultRows;
  while (outputRows() < MIN_OUTPUT_ROWS && proseRows + resultRows + commandRows > 0) {
    if (proseRows > 1) proseRows--;
    else if (resultRows > 1) resultRows--;
    else if (commandRows > 1) commandRows--;
    else if (proseRows > 0) proseRows--;
    else if (resultRows > 0) resultRows--;
    else commandRows--;
  }
  return { columns, frameRows, outlineWidth, mainWidth, bodyRows, proseRows, commandRows, resultRows, outputRows: Math.max(0, outputRows()) };
}
