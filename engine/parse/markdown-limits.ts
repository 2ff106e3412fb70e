/**
 * Limits on the Markdown constructs that remark (micromark) parses in more than linear time,
 * found by one pass over the lines before remark sees the text. Measured in docs/parsing.md
 * ("Limits"): each of them is far beyond what a runbook holds.
 */
export const MARKDOWN_LIMITS = {
  /** Block quotes and list items opened on one line (`> > - 1. x`). */
  containerDepth: 16,
  /** `[`, `]`, `*`, `_` and `~` in one paragraph (an image opener `![` counts as several). */
  inlineDelimiters: 500,
  /** `|` on one line outside code (table columns). */
  tableCells: 200,
} as const;

/** Weight of an image opener `![`: nested images cost remark several times what links do. */
const IMAGE_WEIGHT = 8;

export interface MarkdownLimitProblem {
  reason: string;
  ruleId: 'markdown-limit';
  /** Offsets of the line (or paragraph) where the limit was passed. */
  start: number;
  end: number;
}

interface Fence {
  marker: string;
  length: number;
}

/**
 * The first construct over a limit, or undefined. Code fences are skipped (their text is not
 * Markdown); paragraphs are approximated as runs of lines between blank lines, list items,
 * headings and table rows, which can only make them shorter than remark's.
 */
export function findMarkdownOverLimits(text: string): MarkdownLimitProblem | undefined {
  let fence: Fence | undefined;
  let paragraphStart = -1;
  let delimiters = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const { depth, listItem, contentStart } = readContainers(text, start, end);
    if (!fence && depth > MARKDOWN_LIMITS.containerDepth) {
      return problem(
        `Unexpected ${depth} nested block quotes and list items on one line, expected at most ${MARKDOWN_LIMITS.containerDepth} (remark's time grows with the square of the depth)`,
        start,
        end,
      );
    }
    const content = text.slice(contentStart, end);
    if (fence) {
      if (closesFence(content, fence)) fence = undefined;
    } else if ((fence = opensFence(content)) || content.trim() === '') {
      paragraphStart = -1;
    } else {
      const cells = count(content, '|');
      if (paragraphStart === -1 || listItem || cells > 0 || content.trimStart().startsWith('#')) {
        delimiters = 0;
        paragraphStart = start;
      }
      if (cells > MARKDOWN_LIMITS.tableCells) {
        return problem(`Unexpected ${cells} \`|\` on one line, expected at most ${MARKDOWN_LIMITS.tableCells} table cells (remark's time grows with the square of them)`, start, end);
      }
      delimiters += inlineDelimiters(content);
      if (delimiters > MARKDOWN_LIMITS.inlineDelimiters) {
        return problem(
          `Unexpected paragraph with more than ${MARKDOWN_LIMITS.inlineDelimiters} link and emphasis markers (\`[\`, \`]\`, \`*\`, \`_\`, \`~\`), expected fewer: remark's time grows with the square of them; split it with blank lines or put it in a code fence`,
          paragraphStart,
          end,
        );
      }
    }
    start = end + 1;
  }
  return undefined;
}

function problem(reason: string, start: number, end: number): MarkdownLimitProblem {
  return { reason, ruleId: 'markdown-limit', start, end };
}

/** Block quote markers and list markers at the start of a line, and where its content starts. */
function readContainers(text: string, start: number, end: number): { depth: number; listItem: boolean; contentStart: number } {
  let depth = 0;
  let listItem = false;
  let at = start;
  for (;;) {
    while (at < end && (text[at] === ' ' || text[at] === '\t')) at++;
    const char = text[at];
    if (char === '>') {
      depth++;
      at++;
      continue;
    }
    let marker = at;
    if (char === '-' || char === '*' || char === '+') marker = at + 1;
    else {
      while (marker < end && marker - at < 9 && text[marker]! >= '0' && text[marker]! <= '9') marker++;
      if (marker === at || (text[marker] !== '.' && text[marker] !== ')')) break;
      marker++;
    }
    if (marker !== at && (marker === end || text[marker] === ' ' || text[marker] === '\t')) {
      depth++;
      listItem = true;
      at = marker;
      continue;
    }
    break;
  }
  return { depth, listItem, contentStart: at };
}

function opensFence(content: string): Fence | undefined {
  const trimmed = content.trimStart();
  const marker = trimmed[0];
  if (marker !== '`' && marker !== '~') return undefined;
  let length = 0;
  while (trimmed[length] === marker) length++;
  if (length < 3) return undefined;
  if (marker === '`' && trimmed.indexOf('`', length) !== -1) return undefined;
  return { marker, length };
}

function closesFence(content: string, fence: Fence): boolean {
  const trimmed = content.trim();
  if (trimmed.length < fence.length) return false;
  for (const char of trimmed) if (char !== fence.marker) return false;
  return true;
}

function count(content: string, char: string): number {
  let total = 0;
  for (let at = content.indexOf(char); at !== -1; at = content.indexOf(char, at + 1)) total++;
  return total;
}

function inlineDelimiters(content: string): number {
  let total = 0;
  for (let at = 0; at < content.length; at++) {
    const char = content[at];
    if (char === '\\') {
      at++;
      continue;
    }
    if (char === '[' || char === ']' || char === '*' || char === '_' || char === '~') total++;
    if (char === '[' && content[at - 1] === '!') total += IMAGE_WEIGHT - 1;
  }
  return total;
}
