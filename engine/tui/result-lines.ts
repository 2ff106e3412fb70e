import type { StepFinished, TuiState } from './tui-state.js';
import { wrapText } from './wrap-text.js';

export interface ResultLine {
  icon: string;
  tone: 'ok' | 'danger' | 'accent' | 'muted';
  text: string;
}

/** After a step ran: its checks (expected, came), captures, and the branch taken with why. */
export function resultLines(finished: StepFinished, state: Pick<TuiState, 'steps'>): ResultLine[] {
  const lines: ResultLine[] = [];
  if (finished.branch) {
    lines.push({ icon: '→', tone: 'accent', text: describeBranch(finished.branch.reason, finished.branch.target, state) });
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

/**
 * `stdout matched /CrashLoopBackOff/ → Crash loop`: the runner's reason with targets as written
 * (`crashloop`, `#a-bad-configuration`, `end:resolved`) replaced by what the operator reads;
 * `; operator chose health` keeps its say. `target` is where the run goes (when the reason names none).
 */
export function describeBranch(reason: string, target: string | null, state: Pick<TuiState, 'steps'>): string {
  const [main = '', ...extra] = reason.split('; ');
  const at = main.lastIndexOf(' → ');
  let text = at >= 0 ? `${main.slice(0, at)} → ${targetName(main.slice(at + 3), state)}` : main;
  if (at < 0 && target !== null) text += ` → ${targetName(target, state)}`;
  if (extra.length > 0) text += `; ${extra.join('; ').replace(/operator chose (\S+)/, (_, id: string) => `operator chose ${targetName(id, state)}`)}`;
  return text;
}

export function targetName(target: string, state: Pick<TuiState, 'steps'>): string {
  if (target.startsWith('else ')) return targetName(target.slice(5), state);
  if (target.startsWith('end:')) return `end (${target.slice(4)})`;
  if (target.startsWith('#')) return state.steps.find((step) => step.section === target.slice(1))?.sectionTitle ?? target;
  return state.steps.find((step) => step.id === target)?.title ?? target;
}

/** Result lines wrapped to a width (the icon and a space take two columns); the branch and checks are never cut. */
export function wrapResultLines(lines: ResultLine[], width: number): ResultLine[] {
  return lines.flatMap((line) => wrapText(line.text, width - 2).map((text, index) => ({ ...line, icon: index === 0 ? line.icon : '', text })));
}
