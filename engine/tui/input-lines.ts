import type { StepGraph } from '../contracts/step-graph.js';
import type { TuiState } from './tui-state.js';
import { wrapText } from './wrap-text.js';

const SECRET_MASK = '••••••';

/**
 * Every input of the runbook for the inputs panel (`i`): its value (secrets masked), where it
 * comes from (given at the start, typed, the declared default), how it is declared, and the steps
 * that use it with their line (a `<placeholder>` or `$VAR` in the command).
 */
export function inputLines(graph: StepGraph, state: Pick<TuiState, 'inputs'>, mask: (text: string) => string, width: number): string[] {
  const names = new Set<string>([...Object.keys(graph.settings.inputs), ...graph.steps.flatMap((step) => step.uses), ...Object.keys(state.inputs)]);
  if (names.size === 0) return ['This runbook has no inputs.'];
  const lines: string[] = [];
  for (const name of [...names].sort()) {
    const spec = graph.settings.inputs[name];
    const known = state.inputs[name];
    const secret = spec?.secret === true || known?.secret === true;
    const value = known?.value !== undefined ? (secret ? SECRET_MASK : mask(known.value)) : known ? SECRET_MASK : 'not set yet (asked before the step that needs it)';
    lines.push(...wrapText(`${name} = ${value}`, width));
    const from = known ? known.source : spec?.default !== undefined ? `will be the declared default: ${secret ? SECRET_MASK : spec.default}` : 'not given';
    lines.push(...indent(`from: ${from}`, width));
    if (spec) lines.push(...indent(`declared${secret ? ' secret' : ''}${spec.description ? `: ${spec.description}` : ''}`, width));
    for (const step of graph.steps.filter((candidate) => candidate.uses.includes(name))) {
      const written = placeholderAsWritten(step.command ?? '', name);
      lines.push(...indent(`used by "${step.title}" (line ${step.position.start.line})${written ? ` as ${written}` : ` as $${name}`}`, width));
    }
    lines.push('');
  }
  return lines;
}

/** `<vm-name>` for VM_NAME, as the command writes it. */
export function placeholderAsWritten(command: string, name: string): string | undefined {
  for (const match of command.matchAll(/<([A-Za-z][A-Za-z0-9_-]*)>/g)) {
    if (match[1]!.toUpperCase().replace(/-/g, '_') === name) return match[0];
  }
  return undefined;
}

/** Wrapped two columns in. */
function indent(text: string, width: number): string[] {
  return wrapText(text, width - 2).map((row) => `  ${row}`);
}
