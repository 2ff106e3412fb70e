import type { Position } from 'unist';
import type { StepGraph } from '../contracts/step-graph.js';

export interface RequiredInput {
  name: string;
  /** The first step that needs it. */
  stepId: string;
  position: Position;
  secret: boolean;
  default?: string;
  description?: string;
}

/** The inputs the steps use, each once, in the order the steps need them. */
export function requiredInputs(graph: StepGraph): RequiredInput[] {
  const seen = new Set<string>();
  const inputs: RequiredInput[] = [];
  for (const step of graph.steps) {
    for (const name of step.uses) {
      if (seen.has(name)) continue;
      seen.add(name);
      const spec = graph.settings.inputs[name];
      const input: RequiredInput = { name, stepId: step.id, position: step.position, secret: spec?.secret ?? false };
      if (spec?.default !== undefined) input.default = spec.default;
      if (spec?.description !== undefined) input.description = spec.description;
      inputs.push(input);
    }
  }
  return inputs;
}
