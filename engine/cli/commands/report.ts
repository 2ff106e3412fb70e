import { existsSync } from 'node:fs';
import { loadRunbook } from '../../check/load-runbook.js';
import type { StepGraph } from '../../contracts/step-graph.js';
import { findIncident, openJournalStore } from '../open-journal-store.js';
import { debrief } from '../../rehearse/debrief.js';
import { renderDebrief } from '../../report/render-debrief.js';
import { loadScenario } from '../../rehearse/load-scenario.js';
import { renderJsonReport } from '../../report/render-json-report.js';
import { renderJunitReport } from '../../report/render-junit-report.js';
import { renderMarkdownReport } from '../../report/render-markdown-report.js';
import type { RunEvent } from '../../contracts/run-event.js';
import { CliError } from '../cli-error.js';
import { EXIT_INVALID } from '../exit-codes.js';
import { parseCommand } from '../parse-args.js';

const HELP = `Usage: runbook report [RUN] [options]

The run as a report: a Markdown incident timeline (or, for a rehearsal, the game-day debrief
and its timeline), JSON (the result summary and every event) or JUnit XML (one test case per
step run). RUN is a run id, a unique prefix, or a journal file; the newest run by default.
A resumed run is reported together with the runs it continues.

Options:
  --format FORMAT   markdown (default), json or junit
  --journal DIR|URL the journal directory or postgres:// URL (default $RUNBOOK_JOURNAL, else
                    $XDG_STATE_HOME/runbook or ~/.local/state/runbook)
`;

const FORMATS = ['markdown', 'json', 'junit'];

export default async function report(argv: string[]): Promise<number> {
  const parsed = parseCommand('report', argv, HELP, {
    format: { type: 'string' },
    journal: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = values.format ?? (values.json ? 'json' : 'markdown');
  if (!FORMATS.includes(format)) throw new CliError(`report: unexpected format \`${format}\`, expected one of ${FORMATS.join(', ')}`, EXIT_INVALID);
  if (positionals.length > 1) throw new CliError(`report: unexpected arguments \`${positionals.slice(1).join(' ')}\`, expected one RUN`, EXIT_INVALID);

  const store = await openJournalStore('report', values.journal);
  const { run, incident } = await findIncident('report', store, positionals[0]).finally(() => store.close());
  for (const problem of incident.problems) process.stderr.write(`runbook: warning: ${problem} (line skipped)\n`);
  if (incident.torn) process.stderr.write('runbook: note: the journal ends with a torn line (the run was killed mid-write); it is left out\n');
  const events = incident.events;
  const graph = await quietGraph(run.runbook);
  const rehearsal = run.mode === 'rehearsal' ? await rehearsalDebrief(run.scenario, graph, events) : undefined;

  let text: string;
  if (format === 'json') {
    text = renderJsonReport(events, { graph, runs: incident.runs.map((info) => info.runId), rehearsal: rehearsal?.value });
  } else if (format === 'junit') {
    text = renderJunitReport(events, { graph });
  } else {
    text = renderMarkdownReport(events, { graph, debrief: rehearsal?.text });
  }
  process.stdout.write(text);
  return 0;
}

/** The runbook's graph when the file is still there and valid (for titles and debriefs); else undefined. */
async function quietGraph(path: string): Promise<StepGraph | undefined> {
  if (!path || !existsSync(path)) return undefined;
  try {
    const loaded = await loadRunbook(path);
    return loaded.ok ? loaded.graph : undefined;
  } catch {
    return undefined;
  }
}

async function rehearsalDebrief(scenarioPath: string | undefined, graph: StepGraph | undefined, events: RunEvent[]) {
  if (!scenarioPath || !graph || !existsSync(scenarioPath)) return undefined;
  try {
    const loaded = await loadScenario(scenarioPath, { graph });
    if (!loaded.ok || !loaded.scenario) return undefined;
    const value = debrief(loaded.scenario, events, graph);
    const rendered = renderDebrief(value, { color: false }).trimEnd();
    return { value, text: '```text\n' + rendered + '\n```' };
  } catch {
    return undefined;
  }
}
