import { styleText } from 'node:util';
import type { Debrief } from '../contracts/debrief.js';
import { formatReadableDuration } from './format-duration.js';

type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow';

/**
 * The debrief as plain text (colours when `color`), for the terminal, `--yes` runs and reports:
 * the verdict and the facilitator's scores first, the wrong turns, time per step and hints,
 * and last the expected route beside the trainee's.
 */
export function renderDebrief(d: Debrief, options: { color: boolean }): string {
  const paint = (style: Style, text: string): string => (options.color ? styleText(style, text) : text);
  const lines: string[] = [];
  lines.push(paint('bold', `Debrief: scenario ${d.scenario}`));
  if (d.summary) lines.push(paint('dim', d.summary.trim()));
  const goalWords = [d.goal?.reach && `reach \`${d.goal.reach}\``, d.goal?.outcome && `end ${d.goal.outcome}`].filter(Boolean).join(' and ');
  const verdict = d.goalReached ? paint('green', '✓ goal reached') : paint('red', '✗ goal missed');
  lines.push(`${verdict}${goalWords ? ` (${goalWords})` : ''}; outcome: ${d.outcome ?? 'none'}`);
  const scale = d.timeScale !== 1 ? ` (scenario time, the drill ran at ${d.timeScale}× speed)` : '';
  const limit = d.goal?.withinMs === undefined ? '' : ` (limit ${formatReadableDuration(d.goal.withinMs)}: ${d.withinTime ? 'within' : paint('yellow', d.goalReached ? 'over' : 'not reached')})`;
  lines.push(`Time: ${formatReadableDuration(d.elapsedMs)}${scale}${d.timeToGoalMs !== undefined ? `; to the goal ${formatReadableDuration(d.timeToGoalMs)}` : ''}${limit}`);
  if (d.expectedPath) {
    lines.push(`Score: ${d.stepsOnRoute} of ${d.routeLength} steps on the expected route, ${d.wrongTurns.length} wrong turn${d.wrongTurns.length === 1 ? '' : 's'}, ${d.hintsShown.length} hint${d.hintsShown.length === 1 ? '' : 's'} needed`);
  }
  if (d.wrongTurns.length > 0) {
    lines.push('Wrong turns:');
    for (const turn of d.wrongTurns) lines.push(`  ${paint('yellow', '!')} ${turn.message}`);
  } else if (d.expectedPath) {
    lines.push('Wrong turns: none');
  }
  if (d.timePerStep.length > 0) {
    lines.push('Time per step:');
    const width = Math.max(...d.timePerStep.map((t) => t.id.length));
    for (const t of d.timePerStep) lines.push(`  ${t.id.padEnd(width)}  ${formatReadableDuration(t.durationMs)}`);
  }
  lines.push(d.hintsShown.length > 0 ? `Hints shown (${d.hintsShown.length}):` : 'Hints shown: none');
  for (const hint of d.hintsShown) lines.push(`  • ${hint}`);
  if (d.expectedPath) lines.push(...sideBySide(d, paint));
  return lines.join('\n');
}

/** The expected route and the drill's path in two columns, a mark where they part. */
function sideBySide(d: Debrief, paint: (style: Style, text: string) => string): string[] {
  const expected = d.expectedPath ?? [];
  const answers = d.expectedAnswers ?? {};
  const left = expected.map((id) => (answers[id] ? `${id} (“${answers[id]}”)` : id));
  const right = d.path;
  const width = Math.max('Expected route'.length, ...left.map((text) => text.length));
  const rows = [`${'Expected route'.padEnd(width)}  Your drill`];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const a = left[i] ?? '';
    const b = right[i] ?? '';
    const same = expected[i] !== undefined && expected[i] === right[i];
    rows.push(`${a.padEnd(width)}${same ? '  ' : paint('yellow', ' ≠')}${b ? ` ${b}` : ''}`.trimEnd());
  }
  return ['', ...rows];
}
