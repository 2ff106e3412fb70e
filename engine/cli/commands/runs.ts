import type { RunInfo } from '../../journal/list-runs.js';
import { openJournalStore } from '../open-journal-store.js';
import { fitTable, outputWidth } from '../fit-table.js';
import { parseCommand, parseCount } from '../parse-args.js';

const HELP = `Usage: runbook runs [options]

Lists the runs journaled, newest first: run id, runbook, mode, who started it where, the alert
that started it, when, its outcome (\`running\` while its runner holds it, \`interrupted\` when it
has none and nobody runs it) and the last step started.

Options:
  --journal DIR|URL  the journal directory or postgres:// URL (default $RUNBOOK_JOURNAL, else
                     $XDG_STATE_HOME/runbook or ~/.local/state/runbook)
  --limit N       show at most N runs (default 20; 0 for all)
  --json          the runs as a JSON array on stdout
`;

export default async function runs(argv: string[]): Promise<number> {
  const parsed = parseCommand('runs', argv, HELP, {
    journal: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  }, false);
  if (!parsed) return 0;
  const { values } = parsed;
  const limit = parseCount('runs', 'limit', values.limit) ?? 20;
  const store = await openJournalStore('runs', values.journal);
  const dir = store.location;
  const all = await store.listRuns().finally(() => store.close());
  const shown = limit > 0 ? all.slice(0, limit) : all;
  if (values.json) {
    process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
    return 0;
  }
  if (all.length === 0) {
    process.stderr.write(`no runs journaled in ${dir}\n`);
    return 0;
  }
  process.stdout.write(formatRuns(shown));
  if (shown.length < all.length) {
    const older = all.length - shown.length;
    process.stderr.write(`(${older} older run${older === 1 ? '' : 's'} not shown; --limit 0 shows all)\n`);
  }
  return 0;
}

/** A plain table (no colors, aligned columns). */
export function formatRuns(runs: RunInfo[], width = outputWidth()): string {
  const rows = [
    ['RUN', 'RUNBOOK', 'MODE', 'BY', 'ALERT', 'STARTED', 'OUTCOME', 'CURRENT STEP'],
    ...runs.map((run) => [
      run.runId,
      run.runbook || '?',
      run.mode === 'rehearsal' ? `rehearsal${run.scenario ? ` (${basename(run.scenario)})` : ''}` : run.mode,
      run.user ? `${run.user}@${run.host ?? '?'}` : '-',
      run.alert?.name ?? '-',
      run.started.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      run.outcome + (run.runner ? ` (${run.runner.user}@${run.runner.host} pid ${run.runner.pid})` : '') + (run.resumedBy ? ` → ${run.resumedBy}` : ''),
      run.currentStep ?? '-',
    ]),
  ];
  // Fits the terminal: the widest of these gives way first (the runbook path keeps its file name).
  return fitTable(rows, width, [
    { column: 1, position: 'start', min: 12 },
    { column: 7, position: 'end', min: 12 },
    { column: 6, position: 'end', min: 9 },
    { column: 4, position: 'end', min: 8 },
    { column: 3, position: 'end', min: 8 },
    { column: 2, position: 'end', min: 9 },
  ]);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
