/**
 * A run refused before anything ran (exit 2): the problems on stderr, and with `--json` as one
 * JSON object on stdout (SPEC §4): `{ "runbook", "outcome": "invalid", "problems": [...] }`,
 * each problem shaped like `check --json`'s messages.
 */
import type { Problem } from '../run/preflight.js';
import type { MessageData } from './commands/messages-as-data.js';

/** The preflight's problems: `FILE:LINE:COLUMN: message` lines on stderr, and the JSON with `--json`. */
export function printPreflightProblems(file: string, problems: Problem[], json: boolean): void {
  for (const problem of problems) {
    const place = problem.place?.start ? `:${problem.place.start.line}:${problem.place.start.column}` : '';
    process.stderr.write(`${file}${place}: ${problem.message}\n`);
  }
  process.stderr.write(`runbook: nothing was run (${problems.length} problem${problems.length === 1 ? '' : 's'} found before the run)\n`);
  if (json) printInvalidJson(file, problemsAsData(file, problems));
}

export function printInvalidJson(file: string, problems: MessageData[]): void {
  process.stdout.write(JSON.stringify({ runbook: file, outcome: 'invalid', problems }, null, 2) + '\n');
}

function problemsAsData(file: string, problems: Problem[]): MessageData[] {
  return problems.map((problem) => ({
    file,
    line: problem.place?.start.line ?? 1,
    column: problem.place?.start.column ?? 1,
    endLine: problem.place?.end.line ?? problem.place?.start.line ?? 1,
    endColumn: problem.place?.end.column ?? problem.place?.start.column ?? 1,
    severity: 'error',
    message: problem.message,
    ruleId: problem.ruleId,
  }));
}
