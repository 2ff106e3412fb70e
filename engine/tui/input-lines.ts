import type { StepGraph } from '../contracts/step-graph.js';
import type { TuiState } from './tui-state.js';
import { wrapText } from './wrap-text.js';

const SECRET_MASK = '••••••';

/** Every input's name, sorted: declared, used by a step, or given. */
export function inputNames(state: Pick<TuiState, 'inputs' | 'inputSpecs'>): string[] {
  return [...new Set([...Object.keys(state.inputSpecs), ...Object.keys(state.inputs)])].sort();
}

/**
 * One input for the inputs panel (`i`): its value (secrets masked), where it comes from (given at
 * the start, typed, the declared default, changed), how it is declared, and the steps that use it
 * with their line (a `<placeholder>` or `$VAR` in the command).
 */
export function inputEntry(name: string, graph: Pick<StepGraph, 'steps'>, state: Pick<TuiState, 'inputs' | 'inputSpecs'>, mask: (text: string) => string, width: number): string[] {
  const spec = state.inputSpecs[name];
  const known = state.inputs[name];
  const secret = spec?.secret === true || known?.secret === true;
  const value = known?.value !== undefined ? (secret ? SECRET_MASK : mask(known.value)) : known ? SECRET_MASK : 'not set yet (asked before the step that needs it)';
  const lines = wrapText(`${name} = ${value}`, width);
  const from = known ? known.source : spec?.default !== undefined ? `will be the declared default: ${secret ? SECRET_MASK : spec.default}` : 'not given';
  lines.push(...indent(`from: ${from}`, width));
  const declared = spec && (spec.default !== undefined || spec.description || spec.secret || spec.choices || spec.type || spec.example);
  if (declared) {
    const shape = spec.choices ? ` one of ${spec.choices.join(', ')}` : spec.type === 'integer' ? ' an integer' : '';
    const example = spec.example !== undefined ? ` (e.g. ${spec.example})` : '';
    lines.push(...indent(`declared${secret ? ' secret' : ''}${shape}${example}${spec.description ? `: ${spec.description}` : ''}`, width));
  }
  for (const step of graph.steps.filter((candidate) => candidate.uses.includes(name))) {
    const written = placeholderAsWritten(step.command ?? '', name);
    lines.push(...indent(`used by "${step.title}" (line ${step.position.start.line})${written ? ` as ${written}` : ` as $${name}`}`, width));
  }
  return lines;
}

/** Every input, one entry after the other (a blank line between). */
export function inputLines(graph: Pick<StepGraph, 'steps'>, state: Pick<TuiState, 'inputs' | 'inputSpecs'>, mask: (text: string) => string, width: number): string[] {
  const names = inputNames(state);
  if (names.length === 0) return ['This runbook has no inputs.'];
  return names.flatMap((name) => [...inputEntry(name, graph, state, mask, width), '']);
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
