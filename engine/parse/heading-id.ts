/** `{#custom-id}` (Hugo, Pandoc, kramdown), optionally with classes or attributes: `{#id .class}`. */
const HEADING_ID = /\s*\{#([A-Za-z][\w:.-]*)(?:\s+[^}]*)?\}\s*$/;

/**
 * A heading's text without a trailing `{#id}`, and that id: the heading's anchor where the docs
 * are built with Hugo or Pandoc (GitHub shows the braces and ignores them).
 */
export function headingId(text: string): { text: string; id?: string } {
  const match = HEADING_ID.exec(text);
  if (!match) return { text };
  return { text: text.slice(0, match.index).trim(), id: match[1]! };
}
