/** A `<!-- runbook … -->` comment found in an HTML node's text. */
export interface RunbookComment {
  /** Index of `<!--` in the text. */
  start: number;
  /** Index just after `-->` (the text's length when unclosed). */
  end: number;
  /** The YAML: what follows the word `runbook` (or `runbook: …` itself for settings). */
  yaml: string;
  /** Index of `yaml` in the text. */
  yamlStart: number;
  closed: boolean;
}

/**
 * Finds the runbook comments in the text of one HTML node (which may hold several comments,
 * or other HTML around them). A comment is an annotation when its body starts with the word
 * `runbook`; `<!-- runbook: … -->` is the settings form and keeps `runbook:` as YAML.
 */
export function findRunbookComments(html: string): RunbookComment[] {
  const found: RunbookComment[] = [];
  let from = 0;
  for (;;) {
    const start = html.indexOf('<!--', from);
    if (start === -1) break;
    const close = html.indexOf('-->', start + 4);
    const closed = close !== -1;
    const bodyEnd = closed ? close : html.length;
    const end = closed ? close + 3 : html.length;
    const body = html.slice(start + 4, bodyEnd);
    const lead = body.length - body.trimStart().length;
    const rest = body.slice(lead);
    if (rest.startsWith('runbook')) {
      const after = rest.slice('runbook'.length);
      if (after === '' || /^\s/.test(after)) {
        // `<!-- runbook ask: "…"` may go on over more lines: the YAML starts at its first key.
        const pad = /^[ \t]*/.exec(after)![0].length;
        found.push({ start, end, yaml: after.slice(pad), yamlStart: start + 4 + lead + 'runbook'.length + pad, closed });
      } else if (after.startsWith(':')) {
        found.push({ start, end, yaml: rest, yamlStart: start + 4 + lead, closed });
      }
    }
    from = end;
  }
  return found;
}
