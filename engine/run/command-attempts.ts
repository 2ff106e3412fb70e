/**
 * Runs a command step: one attempt, or several under `retry` (with its delay between them), then
 * where the run goes: the branch taken (the operator may pick another), or the on-failure flow.
 * A stop (the run's, or the operator's) ends the running attempt and any pending one at once.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { CheckResult } from '../contracts/run-event.js';
import type { ExecResponse } from '../contracts/run-seams.js';
import type { Step } from '../contracts/step-graph.js';
import { guardCommand } from './command-guards.js';
import { describeCondition } from './describe-condition.js';
import { evaluateCondition } from './evaluate-condition.js';
import { executeCommand } from './execute-command.js';
import { formatRunbookDuration, judgeStep, type Judgement } from './judge-step.js';
import { failStep, interruptStep } from './on-failure.js';
import { decide, endOrNext, finishStep, flowNext, resolveTarget, type Flow, type RunContext } from './run-context.js';
import { learnSecrets } from './run-state.js';
import { createStepStop, type StepStop } from './step-stop.js';
import { takeCaptures } from './take-captures.js';

/** One attempt's result against the step. */
interface Attempt extends Judgement {
  result: ExecResponse;
  captures: Record<string, string>;
}

export async function runAttempts(context: RunContext, step: Step, visit: number, command: string, edited: boolean): Promise<Flow> {
  const attempts = Math.max(1, step.retry?.attempts ?? 1);
  const stop = createStepStop(context);
  try {
    for (let number = 1; ; number += 1) {
      context.emit({ type: 'step-started', stepId: step.id, title: step.title, command, ...(edited ? { edited } : {}), attempt: number, visit });
      const refused = guardCommand(step, command, context.state.shell.env);
      if (refused !== undefined) return await failStep(context, step, refused);
      await context.queue.drained();
      const attempt = await runAttempt(context, step, command, number, stop);
      const fields = { result: attempt.result, checks: attempt.checks, captures: attempt.captures };
      if (attempt.status === 'failed' && number < attempts && !stop.signal.aborted && !attempt.result.isCanceled && attempt.result.waitedForInput === undefined) {
        const wait = step.retry?.delayMs ?? 0;
        context.emit({
          type: 'warning',
          stepId: step.id,
          message: `Attempt ${number} of ${attempts} failed (${attempt.message ?? 'failed'}); retrying${wait > 0 ? ` in ${formatRunbookDuration(wait)}` : ''}`,
        });
        if (wait > 0) await delay(wait, undefined, { signal: stop.signal }).catch(() => {});
        if (!stop.signal.aborted) continue;
      }
      if (context.stopSignal.aborted) interruptStep(context, step, fields);
      if (attempt.status === 'passed') return await takeBranch(context, step, attempt);
      // Stopped by the operator while waiting to retry: the step fails as stopped.
      const reason = stop.byOperator ? 'stopped by operator' : (attempt.message ?? 'failed');
      return await failStep(context, step, reason, fields);
    }
  } finally {
    stop.dispose();
  }
}

async function runAttempt(context: RunContext, step: Step, command: string, number: number, stop: StepStop): Promise<Attempt> {
  const { state } = context;
  const { result, release } = await executeCommand(context, step, command, stop.signal);
  const stoppedByOperator = stop.byOperator;
  const killed = result.timedOut || result.isCanceled || result.waitedForInput !== undefined || stoppedByOperator;
  if (!killed) {
    state.shell = { env: result.state.env, cwd: result.state.cwd };
    learnSecrets(state, state.shell.env);
  }
  // Captures first: conditions may read the variables they set.
  const captured = killed ? { values: {} } : takeCaptures(context, step, result);
  // Output held back until secret captures are known (masked with them).
  release();

  const judgement = judgeStep(step, result, state.vars, { runbookLabel: state.graph.file, stoppedByOperator });
  const attempt: Attempt = { ...judgement, checks: [...judgement.checks], result, captures: captured.values };
  if (step.retry?.until && !killed) {
    const verdict = evaluateCondition(step.retry.until, { ...result, vars: state.vars });
    const expected = describeCondition(step.retry.until);
    attempt.checks.push({ name: 'retry until', passed: verdict.passed, expected, actual: verdict.actual });
    if (!verdict.passed && attempt.status === 'passed') {
      fail(attempt, `retry until failed: expected ${expected}, got ${verdict.actual} (after ${number} attempt${number === 1 ? '' : 's'})`);
    }
  }
  if (captured.problem !== undefined) fail(attempt, captured.problem);
  return attempt;
}

function fail(attempt: Attempt, message: string): void {
  attempt.status = 'failed';
  attempt.message = message;
  delete attempt.branch;
  delete attempt.handled;
}

/**
 * A passed step: its branch (or `else`), else its `end:`, else the next step. The step is
 * finished (and journaled) before the operator is asked to follow its branch: leaving at that
 * question, or a crash there, must not run it again on resume.
 */
async function takeBranch(context: RunContext, step: Step, attempt: Attempt): Promise<Flow> {
  const { operator } = context.options;
  let flow = attempt.branch ? resolveTarget(context, attempt.branch.target, step) : endOrNext(context, step);
  const branch = attempt.branch ? { target: attempt.branch.raw, reason: attempt.branch.reason } : undefined;
  const checks: CheckResult[] = attempt.checks;
  finishStep(context, step, flow, {
    status: 'passed',
    result: attempt.result,
    checks,
    captures: attempt.captures,
    ...(branch ? { branch } : {}),
    ...(attempt.handled ? { handled: true } : {}),
    ...(attempt.message ? { message: attempt.message } : {}),
  });
  if (operator.overrideBranch && (step.branch.length > 0 || step.else)) {
    const chosen = flowNext(flow, step);
    const picked = await decide(context, () => operator.overrideBranch!(step, chosen, branch?.reason ?? 'no branch matched'));
    if (picked && picked !== chosen) {
      flow = resolveTarget(context, { kind: 'step', id: picked }, step);
      // Where the run goes instead of the step's `next` (resume reads it so).
      context.emit({ type: 'choice', stepId: step.id, choice: picked, target: picked, by: 'operator' });
    }
  }
  return flow;
}
