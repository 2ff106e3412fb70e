import { styleText } from 'node:util';
import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import { terminalText } from '../report/safe-text.js';

type Style = Parameters<typeof styleText>[0];

/**
 * Renders run events as plain progress for unattended runs: a line per step, the step's
 * output as it comes, the checks, captures and branch taken. No escape codes unless the
 * stream is a terminal and colors are allowed.
 */
export function createEventPrinter(options: { graph: StepGraph; out: NodeJS.WriteStream; noColor: boolean; timeScale?: number }): (event: RunEvent) => void {
  const { out } = options;
  const color = !options.noColor && Boolean(out.isTTY);
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const titles = new Map(options.graph.steps.map((step) => [step.id, step.title]));
  let atLineStart = true;
  /** What one event prints, written at once (a write is a system call when `out` is a file). */
  let pending = '';

  const write = (text: string) => {
    if (text.length === 0) return;
    pending += text;
    atLineStart = text.endsWith('\n');
  };
  const line = (text: string) => {
    if (!atLineStart) write('\n');
    write(text + '\n');
  };

  return (event) => {
    print(event);
    if (pending.length > 0) out.write(pending);
    pending = '';
  };

  function print(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        line(paint('bold', terminalText(event.title)) + paint('dim', ` — ${event.mode === 'rehearsal' ? `rehearsal (${event.scenario ?? 'scenario'}${options.timeScale && options.timeScale !== 1 ? `, time ×${options.timeScale}` : ''})` : 'live'}, run ${event.runId}${event.resumedFrom ? `, resuming ${event.resumedFrom}${event.user ? ` by ${terminalText(event.user)}${event.host ? `@${terminalText(event.host)}` : ''}` : ''}` : ''}`));
        // The alert the run serves (a resumed run repeats it): a follower sees it too.
        if (event.alert) line(paint('dim', `  alert: ${terminalText(`${event.alert.name}${event.alert.fingerprint ? ` (fingerprint ${event.alert.fingerprint})` : ''}: ${Object.entries(event.alert.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`)}`));
        break;
      case 'step-started':
        line('');
        line(paint('cyan', `▶ ${terminalText(event.title)}`) + paint('dim', ` [${event.stepId}]${event.attempt > 1 ? ` attempt ${event.attempt}` : ''}`));
        if (event.command) for (const commandLine of event.command.split('\n')) line(paint('dim', `  $ ${commandLine}`));
        break;
      case 'output':
        write(event.text);
        break;
      case 'step-finished': {
        // A branch that took a failing exit handled it: not a success (its own mark and word).
        const status = event.handled ? 'handled' : event.status;
        const mark = event.handled ? paint('yellow', '↳') : event.status === 'passed' ? paint('green', '✔') : event.status === 'failed' ? paint('red', '✘') : paint('yellow', '↷');
        const facts = [event.exitCode !== null ? `exit ${event.exitCode}` : event.signal ? `killed by ${event.signal}` : undefined, event.timedOut ? 'timed out' : undefined, `${event.durationMs} ms`].filter(Boolean);
        line(`${mark} ${terminalText(titles.get(event.stepId) ?? event.stepId)} ${paint('dim', `${status} (${facts.join(', ')})`)}`);
        for (const check of event.checks) {
          // An example output that differs is shown, marked, and is not a failure (SPEC §2).
          const mark = check.passed ? paint('green', '✔') : check.example ? paint('yellow', '≠') : paint('red', '✘');
          const note = !check.passed && check.example ? ' (an example in the runbook: it differs, which is not a failure)' : '';
          line(`  ${mark} ${check.name}: ${check.expected}${note}${check.passed || !check.actual ? '' : `\n${indent(check.actual)}`}`);
        }
        for (const [name, value] of Object.entries(event.captures)) line(`  ${paint('dim', 'captured')} ${name}=${value}`);
        if (event.message) line(`  ${event.message}`);
        if (event.branch) line(`  ${paint('magenta', '→')} ${event.branch.reason}`);
        break;
      }
      case 'choice':
        line(`  ${paint('magenta', '→')} ${event.stepId}: ${event.choice} → ${event.target} ${paint('dim', `(${event.by})`)}`);
        break;
      case 'input':
        if (event.source === 'prompt') line(paint('dim', `  input ${event.name} given`));
        if (event.source === 'changed') line(paint('dim', `  input ${event.name} changed`));
        break;
      case 'note':
        line(paint('yellow', `  note: ${event.text}`));
        break;
      case 'hint':
        line(paint('yellow', `💡 hint: ${event.text}`));
        break;
      case 'warning':
        line(paint('yellow', `  warning: ${event.message}`));
        break;
      case 'run-finished':
        if (event.message) line(`\n${paint(event.outcome === 'failed' ? 'red' : 'yellow', event.message)}`);
        break;
    }
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
