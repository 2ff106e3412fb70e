import type { Step } from '../contracts/step-graph.js';
import { displayCommand } from './display-command.js';
import { renderProse } from './render-prose.js';
import type { StepView, TuiState } from './tui-state.js';
import { describeBranch } from './result-lines.js';
import { STATE_ICONS, STATE_WORDS } from './theme.js';
import { wrapProse } from './wrap-prose.js';
import { wrapText } from './wrap-text.js';

/**
 * Everything about a step, whole, for the full-screen reader (`v`): its prose, its command, its
 * checks with what was expected and what came (diffs whole), captures and the branch with why.
 * Nothing is cut: long lines wrap at `width`.
 */
export function readerLines(step: Step, view: StepView, state: Pick<TuiState, 'steps'>, mask: (text: string) => string, width: number): string[] {
  const wrap = (text: string, indent = ''): string[] => text.split('\n').flatMap((line) => wrapText(line, width - indent.length).map((row) => indent + row));
  const lines: string[] = [`${STATE_ICONS[view.state]} ${step.title} — ${STATE_WORDS[view.state]}${step.confirm !== undefined ? ' · DANGER' : ''}`, ''];
  if (step.prose.trim() !== '') {
    for (const line of wrapProse(renderProse(step.prose), width)) lines.push(' '.repeat(line.indent) + (line.marker ? `${line.marker} ` : '') + line.spans.map((span) => span.text).join(''));
    lines.push('');
  }
  const command = view.command ?? step.command;
  if (command !== undefined) {
    lines.push(view.command !== undefined ? 'Command (as run):' : 'Command:');
    lines.push(...wrap(mask(displayCommand(command)), '  '));
    lines.push('');
  }
  if (step.ask) lines.push(...wrap(`Question: ${step.ask.question}`), ...step.ask.choices.map((choice) => `  • ${choice.label}`), '');
  if (step.manual) lines.push(...wrap(`To do: ${step.manual}`), '');
  if (step.expectedOutput && !view.finished) lines.push('Expected output:', ...wrap(step.expectedOutput.lines.join('\n') ?? '', '  '), '');
  const finished = view.finished;
  if (finished) {
    if (finished.branch) lines.push(...wrap(`→ ${describeBranch(finished.branch.reason, finished.branch.target, state)}`));
    for (const check of finished.checks) {
      lines.push(...wrap(`${check.passed ? '✔' : check.example ? '≠' : '✘'} ${check.name}: expected ${check.expected}`));
      if (check.actual !== undefined) lines.push('  came:', ...wrap(check.actual, '    '));
    }
    for (const [name, value] of Object.entries(finished.captures)) lines.push(...wrap(`= ${name} = ${value}`));
    if (finished.message) lines.push(...wrap(`! ${finished.message}`));
  }
  return lines;
}
