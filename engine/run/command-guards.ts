/**
 * Checks a command must pass, on every attempt, before it may run: each looks at the step, the
 * command as it will run and the environment it gets, and returns why it must not run (the step
 * then fails without running, and its `on-failure` applies), or undefined. Values that would
 * become code (issue 13: an integer expected in arithmetic) are refused here.
 */
import type { Step } from '../contracts/step-graph.js';
import { isJsStep } from '../shell/zx/js-step.js';
import { refuseArithmeticValues } from '../shell/text/refuse-arithmetic-values.js';

export type CommandGuard = (step: Step, command: string, env: Record<string, string>) => string | undefined;

/** The guards, in order; the first refusal wins. */
export const COMMAND_GUARDS: CommandGuard[] = [refuseArithmeticValues];

export function guardCommand(step: Step, command: string, env: Record<string, string>): string | undefined {
  // The guards read shell text; a JS step's values are data in `process.env`.
  if (isJsStep(step)) return undefined;
  for (const guard of COMMAND_GUARDS) {
    const refusal = guard(step, command, env);
    if (refusal !== undefined) return refusal;
  }
  return undefined;
}
