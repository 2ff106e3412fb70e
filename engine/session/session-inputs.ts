/** The inputs a session runs with, and the secret values among them. */
import type { Mode } from '../contracts/run-event.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { isSecretName, secretNames } from '../graph/secret-names.js';

/**
 * Inputs: the given ones first, then (live) the operator's environment, then the runbook's
 * defaults. A rehearsal never takes inputs from the real environment: a declared default wins
 * there.
 */
export function sessionInputs(graph: StepGraph, given: Record<string, string>, mode: Mode, env: Record<string, string | undefined>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const spec of Object.values(graph.settings.inputs)) {
    if (spec.default !== undefined && (mode === 'rehearsal' || env[spec.name] === undefined)) inputs[spec.name] = spec.default;
  }
  return { ...inputs, ...given };
}

/** The values of the inputs that are secret, declared so or named so. */
export function secretInputValues(graph: StepGraph, inputs: Record<string, string>): string[] {
  const declared = new Set(secretNames(graph));
  return Object.entries(inputs)
    .filter(([name, value]) => value !== '' && (declared.has(name) || isSecretName(name)))
    .map(([, value]) => value);
}
