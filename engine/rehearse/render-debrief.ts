import { formatReadableDuration } from '../report/format-duration.js';
import type { Debrief } from './debrief.js';

const CODES = { bold: [1, 22], dim: [2, 22], green: [32, 39], red: [31, 39], yellow: [33, 39] } as const;

/** The debrief as plain text (ANSI colors when `color`), for the terminal, `--yes` runs and reports. */
export function renderDebrief(d: Debrief, options: { color: boolean }): string {
  const paint = (style: keyof typeof CODES, text: string): string => (options.color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
  const lines: string[] = [];
  lines.push(paint('bold', `Debrief: scenario ${d.scenario}`));
  if (d.summary) lines.push(paint('dim', d.summary.trim()));
  const goalWords = [d.goal?.reach && `reach \`${d.goal.reach}\``, d.goal?.outcome && `end ${d.goal.outcome}`].filter(Boolean).join(' and ');
  const verdict = d.goalReached ? paint('green', '✓ goal reached') : paint('red', '✗ goal not reached');
  lines.push(`${verdict}${goalWords ? ` (${goalWords})` : ''}; outcome: ${d.outcome ?? 'none'}`);
  const limit = d.goal?.withinMs === undefined ? '' : ` (limit ${formatReadableDuration(d.goal.withinMs)}: ${d.withinTime ? 'within' : paint('yellow', 'over')})`;
  lines.push(`Time: ${formatReadableDuration(d.elapsedMs)}${limit}`);
  lines.push(`Path taken: ${d.path.join(' → ') || '(no steps)'}`);
  // The shortest route is the graph's, not this incident's: guidance only when the goal was missed.
  if (d.goalPath && !d.goalReached) lines.push(`A route to the goal in the runbook: ${d.goalPath.join(' → ')}`);
  if (d.wrongTurns.length > 0) {
    lines.push('Wrong turns:');
    for (const turn of d.wrongTurns) lines.push(`  ${paint('yellow', '!')} ${turn.message}`);
  } else {
    lines.push('Wrong turns: none');
  }
  if (d.timePerStep.length > 0) {
    lines.push('Time per step:');
    const width = Math.max(...d.timePerStep.map((t) => t.id.length));
    for (const t of d.timePerStep) lines.push(`  ${t.id.padEnd(width)}  ${formatReadableDuration(t.durationMs)}`);
  }
  lines.push(d.hintsShown.length > 0 ? `Hints shown (${d.hintsShown.length}):` : 'Hints shown: none');
  for (const hint of d.hintsShown) lines.push(`  • ${hint}`);
  return lines.join('\n');
}
