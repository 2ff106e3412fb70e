/**
 * `text` as one bash word that means exactly `text`: single-quoted, each `'` written `'\''`.
 * With `{ ifNeeded: true }`, text made only of characters no shell treats specially
 * (`[A-Za-z0-9_.:/@-]`) is left bare (for messages a person copies, such as `--answer x=yes`).
 */
export function shellQuote(text: string, options: { ifNeeded?: boolean } = {}): string {
  if (options.ifNeeded && /^[\w.:/@-]+$/.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
