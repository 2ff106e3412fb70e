import { readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { RunAlert } from '../contracts/run-event.js';
import { AlertError } from './read-alert.js';

const MARKDOWN = new Set(['.md', '.markdown', '.mdx']);

/** `KubeJobFailed`, `kube-job-failed`, `kube_job_failed.md` → `kubejobfailed`. */
function key(name: string): string {
  return name.replace(/\.(md|markdown|mdx|html?)$/i, '').toLowerCase().replace(/[-_]/g, '');
}

/**
 * The runbook an alert links to, found under `dir`: the last path segment of its `runbook_url`
 * annotation matched against the Markdown files' names, ignoring case, `-` and `_` (the
 * kube-prometheus alerts link to the prometheus-operator runbooks this way). Throws an
 * `AlertError` saying what was looked for when none, or several, match.
 */
export function findAlertRunbook(alert: RunAlert, dir: string): string {
  if (!alert.url) throw new AlertError(`alert \`${alert.name}\` has no \`runbook_url\` annotation, expected one with --docs (or give the runbook: runbook run FILE --alert …)`);
  let segment: string;
  try {
    segment = decodeURIComponent(new URL(alert.url).pathname.split('/').filter(Boolean).at(-1) ?? '');
  } catch {
    segment = alert.url.split(/[?#]/)[0]!.split('/').filter(Boolean).at(-1) ?? '';
  }
  const wanted = key(segment);
  const files = markdownFiles(dir);
  const matches = files.filter((file) => key(file.slice(file.lastIndexOf('/') + 1)) === wanted);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new AlertError(`runbook_url ${alert.url} matches several files under ${dir}: ${matches.map((file) => relative(dir, file)).join(', ')}`);
  throw new AlertError(`no runbook under ${dir} matches runbook_url ${alert.url} (looked for a file named like \`${segment}\`, ignoring case, - and _, among ${files.length} Markdown file${files.length === 1 ? '' : 's'})`);
}

function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      if (depth === 0) throw new AlertError(`--docs ${dir}: not a directory that can be read`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory() && depth < 8) walk(path, depth + 1);
      else if (entry.isFile() && MARKDOWN.has(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  walk(dir, 0);
  return found.sort();
}
