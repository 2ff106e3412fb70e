import type { InputRequest, Operator } from '../contracts/run-seams.js';
import type { InputSpec } from '../contracts/step-graph.js';
import { inputValueProblem } from '../graph/input-value-problem.js';

/** Answers refused before the run gives up on an input (an operator that keeps answering wrong). */
const ATTEMPTS = 3;

/**
 * Asks the operator for a missing input, with what its declaration allows (`type`, `choices`:
 * a pick list in the TUI), until the answer fits; a refused answer is asked again with the
 * reason (`problem`). After three refusals the promise rejects, which ends the run.
 */
export async function askInput(operator: Operator, name: string, spec: InputSpec | undefined, request: Pick<InputRequest, 'secret' | 'stepId'>): Promise<string> {
  const asked: InputRequest = {
    ...request,
    ...(spec?.description ? { description: spec.description } : {}),
    ...(spec?.type ? { type: spec.type } : {}),
    ...(spec?.choices ? { choices: spec.choices } : {}),
  };
  let problem: string | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const value = await operator.input(name, problem === undefined ? asked : { ...asked, problem });
    problem = inputValueProblem(spec, value);
    if (problem === undefined) return value;
  }
  throw new Error(`${problem} (answered ${ATTEMPTS} times)`);
}
