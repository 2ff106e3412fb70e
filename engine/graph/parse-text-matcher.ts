import type { TextMatcher } from '../contracts/step-graph.js';

/** `/source/flags` → its parts, or undefined when the text is not written as a regex. */
export function splitRegexLiteral(text: string): { source: string; flags: string } | undefined {
  if (!text.startsWith('/') || text.length < 2) return undefined;
  const close = text.lastIndexOf('/');
  if (close <= 0) return undefined;
  const flags = text.slice(close + 1);
  if (!/^[dgimsuvy]*$/.test(flags)) return undefined;
  return { source: text.slice(1, close), flags };
}

/** The error of a regex, or undefined when it compiles. */
export function regexError(source: string, flags = ''): string | undefined {
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
  }
}

/**
 * How condition text matches: `/regex/flags`; text of several lines is an output transcript
 * (`[..]` and `...` wildcards); anything else a substring. `line` is where the text starts.
 */
export function parseTextMatcher(text: string, line: number): TextMatcher {
  const literal = splitRegexLiteral(text);
  if (literal) return { kind: 'regex', ...literal };
  if (text.replace(/\n+$/, '').includes('\n')) {
    return { kind: 'transcript', transcript: { lines: text.replace(/\n+$/, '').split('\n'), startLine: line } };
  }
  return { kind: 'substring', text };
}
