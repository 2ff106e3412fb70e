import type { RunAlert } from '../contracts/run-event.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { requiredInputs } from '../graph/required-inputs.js';

/** `job_name` → `JOB_NAME`, `pod` → `POD`: the input a label or annotation fills by name. */
export function inputNameOf(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * The inputs an alert fills: every input the runbook declares or uses, from the label its
 * `from-label` names, else the label named like it, else the annotation named like it.
 * Values are data like any input; one that would break its input (a control character or line
 * break, not an integer for `type: integer`, not one of `choices`) is a problem: nothing runs.
 */
export function alertInputs(graph: StepGraph, alert: RunAlert): { inputs: Record<string, string>; problems: string[] } {
  const names = new Set([...Object.keys(graph.settings.inputs), ...requiredInputs(graph).map((input) => input.name)]);
  const byName = (map: Record<string, string> | undefined) => new Map(Object.entries(map ?? {}).map(([key, value]) => [inputNameOf(key), { key, value }]));
  const labels = byName(alert.labels);
  const annotations = byName(alert.annotations);
  const inputs: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of names) {
    const spec = graph.settings.inputs[name] as (typeof graph.settings.inputs)[string] & { type?: string; choices?: string[] };
    const explicit = spec?.fromLabel;
    const found = explicit !== undefined
      ? alert.labels[explicit] === undefined ? undefined : { key: explicit, value: alert.labels[explicit]!, kind: 'label' }
      : labels.has(name) ? { ...labels.get(name)!, kind: 'label' } : annotations.has(name) ? { ...annotations.get(name)!, kind: 'annotation' } : undefined;
    if (!found) {
      if (explicit !== undefined) problems.push(`input \`${name}\` is filled from label \`${explicit}\` (from-label), but alert \`${alert.name}\` has no such label`);
      continue;
    }
    const what = `${found.kind} \`${found.key}\` of alert \`${alert.name}\``;
    if (/[\u0000-\u001f\u007f]/.test(found.value)) {
      problems.push(`${what} would fill input \`${name}\` with a control character or line break (${JSON.stringify(found.value)}); refused`);
    } else if (spec?.type === 'integer' && !/^-?\d+$/.test(found.value)) {
      problems.push(`${what} would fill input \`${name}\` (type: integer) with \`${found.value}\`, expected an integer`);
    } else if (spec?.choices && !spec.choices.includes(found.value)) {
      problems.push(`${what} would fill input \`${name}\` with \`${found.value}\`, expected one of ${spec.choices.map((c) => `\`${c}\``).join(', ')}`);
    } else {
      inputs[name] = found.value;
    }
  }
  return { inputs, problems };
}
