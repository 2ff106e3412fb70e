import { stripVTControlCharacters } from 'node:util';

/** C0 and C1 control characters, DEL; tab and line feed are handled apart. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from a runbook, a journal or a command line (titles, ids, paths, notes) made safe to
 * print on a terminal: escape sequences are removed (a title cannot move the cursor, retitle
 * the window, or hide what follows), other control characters are shown as `^X` or `\x9b`,
 * and a line break or tab is a space. The one place that decides this for the CLI's lines;
 * the TUI uses it too.
 */
export function terminalText(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/[\t\n]/g, ' ')
    .replace(CONTROL, (char) => {
      const code = char.charCodeAt(0);
      return code < 0x20 ? `^${String.fromCharCode(code + 0x40)}` : code === 0x7f ? '^?' : `\\x${code.toString(16)}`;
    });
}

/**
 * Text from a runbook or a journal made literal in Markdown prose (a heading, a list item, a
 * table cell): HTML (`<script>`), emphasis, links and code marks are escaped, and it is made
 * terminal-safe as well (reports are printed too).
 */
export function markdownText(text: string): string {
  return terminalText(text).replace(/[\\`*_[\]<>&|~!#]/g, (char) => `\\${char}`);
}
