import { titleOf } from './run-reducer.js';
import type { StepFinished, TuiState } from './tui-state.js';

export interface ResultLine {
  icon: string;
  tone: 'ok' | 'danger' | 'accent' | 'muted';
  text: string;
}

/** After a step ran: its checks (expected, came), captures, and the branch taken with why. */
export function resultLines(finished: StepFinished, state: Pick<TuiState, 'steps'>): ResultLine[] {
  const lines: ResultLine[] = [];
  if (finished.branch) {
    lines.push({ icon: '→', tone: 'accent', text: `${finished.branch.reason} → ${titleOf(state, finished.branch.target)}` });
  }
  for (const check of finished.checks) {
    const came = check.actual === undefined ? '' : ` — came: ${firstLine(check.actual)}`;
    lines.push({ icon: check.passed ? '✔' : '✘', tone: check.passed ? 'ok' : 'danger', text: `${check.name}: ${check.expected}${came}` });
  }
  for (const [name, value] of Object.entries(finished.captures)) {
    lines.push({ icon: '=', tone: 'muted', text: `${name} = ${firstLine(value)}` });
  }
  if (finished.message) lines.push({ icon: '!', tone: finished.status === 'failed' ? 'danger' : 'muted', text: finished.message });
  return lines;
}

function firstLine(text: string): string {
  const lines = text.split('\n');
  return lines.length > 1 ? `${lines[0]} …(+${lines.length - 1} lines)` : text;
}
