import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { Step, StepGraph } from '../contracts/step-graph.js';
import { closestName } from '../graph/closest-name.js';
import { keySource, type KeySource } from '../graph/key-source.js';
import { reportProblem } from '../graph/report-problem.js';
import type { ParsedRunbook, RawAnnotation } from '../parse/types.js';
import { dangerousName } from '../shell/dangerous-names.js';
import { commandVariables } from '../shell/text/command-variables.js';
import { scanShell } from '../shell/text/scan-shell.js';
import { isJsStep } from '../shell/zx/js-step.js';

/**
 * Names of values, checked (errors):
 * - an input (declared, or a `<placeholder>`) or a capture may not have a name the shell treats
 *   as code (`BASH_ENV`, `LD_PRELOAD`, `PATH`, `IFS`…): its value would decide what runs (a
 *   `$NAME` by such a name is the environment's, never asked for: see build-step-graph);
 * - every `secret:` entry must name something a value can be found under (a capture, an input,
 *   a variable a command sets or reads): a typo (`PASWORD`) would leave the real one unmasked.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkVariableNames(graph: StepGraph, parsed: ParsedRunbook, file: VFile): void {
  // Names that are not identifiers are the schema's error already.
  for (const name of Object.keys(graph.settings.inputs)) {
    const danger = IDENTIFIER.test(name) && dangerousName(name);
    if (!danger) continue;
    const annotation = [parsed.settingsAnnotation, parsed.frontMatterAnnotation].find((candidate) => declares(candidate, name));
    reportProblem(file, dangerMessage('input', name, danger), annotation?.place(['runbook', 'inputs', name], 'key'), 'dangerous-name');
  }

  const sources = fenceSources(parsed);
  const known = knownNames(graph);
  for (const step of graph.steps) {
    const source = sources.get(key(step.position));
    for (const capture of step.capture) {
      const danger = IDENTIFIER.test(capture.name) && dangerousName(capture.name);
      if (danger) reportProblem(file, dangerMessage('capture', capture.name, danger), source?.place(['capture', capture.name], 'key') ?? step.position, 'dangerous-name');
    }
    for (const name of new Set(step.command === undefined || isJsStep(step) ? [] : commandVariables(step.command).placeholders)) {
      const danger = dangerousName(name);
      if (danger && !(name in graph.settings.inputs)) reportProblem(file, dangerMessage('input', name, danger), placeholderPlace(step, name), 'dangerous-name');
    }
    step.secret.forEach((name, index) => {
      if (known.has(name)) return;
      const near = closestName(name, known);
      reportProblem(
        file,
        `Unexpected secret \`${name}\`, expected the name of a capture or an input${near ? ` (did you mean \`${near}\`?)` : ''}: nothing by this name would be masked`,
        source?.place(['secret', index]) ?? step.annotationPosition ?? step.position,
        'unknown-secret',
      );
    });
  }
}

function dangerMessage(kind: 'input' | 'capture', name: string, danger: string): string {
  return `Unexpected ${kind} name \`${name}\`: ${danger}, so its value would decide what runs; expected another name (e.g. \`${kind === 'input' ? 'MY_' : 'FOUND_'}${name.replace(/[^A-Za-z0-9_]/g, '_')}\`)`;
}

/** Every name a value can be found under: captures, inputs, what commands set or read. */
function knownNames(graph: StepGraph): Set<string> {
  const names = new Set(Object.keys(graph.settings.inputs));
  for (const step of graph.steps) {
    for (const capture of step.capture) names.add(capture.name);
    for (const name of [...step.uses, ...step.sets]) names.add(name);
    if (step.command !== undefined && !isJsStep(step)) for (const variable of scanShell(step.command).variables) names.add(variable.name);
  }
  return names;
}

/** The keys of each fence step (comment and attributes), by the fence's start. */
function fenceSources(parsed: ParsedRunbook): Map<string, KeySource> {
  const sources = new Map<string, KeySource>();
  for (const item of parsed.items) {
    if (item.kind !== 'fence' || !item.fence.node.position) continue;
    sources.set(key(item.fence.node.position), keySource([item.fence.annotation, item.fence.attributes]));
  }
  return sources;
}

function key(position: Position): string {
  return `${position.start.line}:${position.start.column}`;
}

function declares(annotation: RawAnnotation | undefined, name: string): annotation is RawAnnotation {
  const runbook = (annotation?.data as { runbook?: { inputs?: Record<string, unknown> } } | null | undefined)?.runbook;
  return !!runbook?.inputs && typeof runbook.inputs === 'object' && name in runbook.inputs;
}

/** Where a command's first `<placeholder>` for an input is (else where the step is). */
function placeholderPlace(step: Step, name: string): Position | { line: number; column: number } {
  const command = step.command ?? '';
  const offset = scanShell(command).placeholders.find((placeholder) => placeholder.input === name)?.start;
  if (offset === undefined || step.lang === 'console' || step.lifted) return step.position;
  const before = command.slice(0, offset).split('\n');
  const line = step.position.start.line + before.length;
  return { line, column: before.at(-1)!.length + step.position.start.column };
}
