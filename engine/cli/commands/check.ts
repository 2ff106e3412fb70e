import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { VFile } from 'vfile';
import { loadRunbook } from '../../check/load-runbook.js';
import type { StepGraph } from '../../contracts/step-graph.js';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { colorsOff, parseCommand } from '../parse-args.js';
import { printMessages } from '../print-messages.js';
import { CliError } from '../cli-error.js';
import { messagesAsData } from './messages-as-data.js';

const HELP = `Usage: runbook check FILE|DIR... [--lift] [--json] [--no-color]

Validates runbooks: annotations against the schemas, targets, duplicate ids, regexes,
JSONPaths, durations, unreachable steps, loops without an exit, unused inputs.
A directory is searched for Markdown files (*.md, *.markdown, *.mdx, *.md.erb, *.html.md…)
and *.scenario.yaml scenarios.
Any file named explicitly is read as a runbook (or a scenario when it ends in .scenario.yaml).

Options:
  --lift       prose procedures become steps, and are checked as such (automatic when a runbook has no shell fence)
  --json       the messages as JSON on stdout
  --no-color   no colors (also NO_COLOR)

Exit status: 2 when any error was found, 0 otherwise (warnings allowed).`;

type LoadScenario = (path: string, options?: { graph?: StepGraph }) => Promise<{ file: VFile; ok: boolean }>;

export default async function check(argv: string[]): Promise<number> {
  const parsed = parseCommand('check', argv, HELP, {
    json: { type: 'boolean' },
    lift: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new CliError('check: expected a FILE or DIR', EXIT_INVALID, ['runbook check --help']);
  const noColor = colorsOff(values['no-color']);

  const runbooks: string[] = [];
  const scenarios: string[] = [];
  for (const path of positionals) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const before = runbooks.length + scenarios.length;
      await collect(path, runbooks, scenarios);
      // A directory named in CI with nothing to check is a mistake, not a pass.
      if (runbooks.length + scenarios.length === before) {
        throw new CliError(`check: no runbooks in ${path}, expected Markdown files (*.md, *.markdown, *.mdx, *.md.erb…) or *.scenario.yaml scenarios`, EXIT_INVALID, [
          `name the files to check, whatever their extension: runbook check ${join(path, 'FILE')}`,
        ]);
      }
    } else if (path.endsWith('.scenario.yaml') || path.endsWith('.scenario.yml')) scenarios.push(path);
    else runbooks.push(path);
  }

  const files: VFile[] = [];
  for (const path of runbooks) files.push((await loadRunbook(path, { lift: Boolean(values.lift), hints: true })).file);
  if (scenarios.length > 0) {
    const loadScenario = await importLoadScenario();
    if (loadScenario) for (const path of scenarios) files.push((await loadScenario(path)).file);
  }

  const failed = files.some((file) => file.messages.some((message) => message.fatal));
  if (values.json) process.stdout.write(JSON.stringify(messagesAsData(files), null, 2) + '\n');
  else if (files.some((file) => file.messages.length > 0)) printMessages(files, { noColor, quiet: true });
  else process.stderr.write(`${files.length} ${files.length === 1 ? 'file' : 'files'} checked, no problems\n`);
  return failed ? EXIT_INVALID : EXIT_OK;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);
/** Every kind of Markdown file people keep docs in: `.md`, `.markdown`, `.mdx`, `.md.erb`, `.html.md`, `.mkd`… */
const MARKDOWN_FILE = /\.(md|markdown|mdx|mdown|mkd|mkdn|mdwn|mdtext|rmd|qmd)(\.erb)?$/i;

async function collect(dir: string, runbooks: string[], scenarios: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) await collect(path, runbooks, scenarios);
    } else if (/\.scenario\.ya?ml$/.test(entry.name)) scenarios.push(path);
    else if (MARKDOWN_FILE.test(entry.name)) runbooks.push(path);
  }
}

async function importLoadScenario(): Promise<LoadScenario | undefined> {
  try {
    const module = (await import('../../rehearse/load-scenario.js')) as { loadScenario?: LoadScenario };
    return module.loadScenario;
  } catch {
    return undefined;
  }
}
