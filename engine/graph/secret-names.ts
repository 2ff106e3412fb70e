import type { StepGraph } from '../contracts/step-graph.js';

/** Names that say their value is secret (SPEC §2): `*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`, `*CREDENTIAL*`… */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|CREDENTIAL|API_?KEY|PRIVATE_?KEY|(?:^|_)KEY$/i;

/** True when a variable's name says its value is secret, declared or not. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Names whose values are secret: inputs declared `secret: true`, captures a step lists in
 * `secret:`, and every input or capture whose name says secret (`isSecretName`).
 */
export function secretNames(graph: StepGraph): string[] {
  const names = new Set<string>();
  for (const spec of Object.values(graph.settings.inputs)) if (spec.secret || isSecretName(spec.name)) names.add(spec.name);
  for (const step of graph.steps) {
    for (const name of step.secret) names.add(name);
    for (const capture of step.capture) if (isSecretName(capture.name)) names.add(capture.name);
    for (const name of step.uses) if (isSecretName(name)) names.add(name);
  }
  return [...names];
}
