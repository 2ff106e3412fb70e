/**
 * A command's result against its step: the checks (`expect`, expected output), the branch taken
 * and the verdict. A step fails when its `expect` or its expected output fails, or when it has
 * neither, no branch matched and its exit code is not 0. A matched branch (or `else`) means the
 * result was handled. Killed steps (timeout, stopped) always fail and take no branch.
 */
import type { Step, Target } from '../contracts/step-graph.js';
import type { CheckResult, StepResult, StepStatus } from '../contracts/run-event.js';
import { describeCondition } from './describe-condition.js';
import { evaluateCondition } from './evaluate-condition.js';
import { matchTranscript } from './match-transcript.js';

export interface Judgement {
  status: StepStatus;
  checks: CheckResult[];
  branch?: { target: Target; raw: string; reason: string };
  /** Why it failed, in words. */
  message?: string;
  /** Passed only because a branch (or `else`) matched a result that would otherwise fail (a non-zero exit). */
  handled?: boolean;
}

export function judgeStep(
  step: Step,
  result: StepResult,
  vars: Record<string, string>,
  options: { runbookLabel?: string; stoppedByOperator?: boolean } = {},
): Judgement {
  const context = { ...result, vars };
  const checks: CheckResult[] = [];

  if (options.stoppedByOperator) return { status: 'failed', checks, message: 'stopped by operator' };
  if (result.waitedForInput !== undefined) {
    return { status: 'failed', checks, message: `stopped waiting for input: ${result.waitedForInput} read stdin, which no one types into here (answer it in the command, or mark the step interactive: true)` };
  }
  if (result.timedOut) {
    return { status: 'failed', checks, message: `timed out after ${formatRunbookDuration(step.timeoutMs)}` };
  }
  if (result.isCanceled) return { status: 'failed', checks, message: 'canceled' };

  if (step.expect) {
    const verdict = evaluateCondition(step.expect, context);
    checks.push({ name: 'expect', passed: verdict.passed, expected: describeCondition(step.expect), actual: verdict.actual });
  }
  if (step.expectedOutput) {
    const match = matchTranscript(step.expectedOutput, result.output, options.runbookLabel);
    const example = step.expectedOutput.example === true;
    checks.push({
      name: 'expected output',
      passed: match.passed,
      expected: `output ${example ? 'like the example output' : 'matches the expected output'} (line ${step.expectedOutput.startLine})`,
      actual: match.passed ? 'output matched' : match.diff,
      ...(example ? { example } : {}),
    });
  }
  // An example output that differs is reported (its check), not a failure (SPEC §2).
  const failedCheck = checks.find((check) => !check.passed && !check.example);
  const assertsOutput = step.expectedOutput !== undefined && step.expectedOutput.example !== true;
  if (failedCheck) {
    return {
      status: 'failed',
      checks,
      message: `${failedCheck.name} failed: expected ${failedCheck.expected}${
        failedCheck.name === 'expect' && failedCheck.actual ? `, got ${failedCheck.actual}` : ''
      }`,
    };
  }

  // Without a branch this result would fail: a branch that takes it handles a failure.
  const handled = !step.expect && !assertsOutput && result.exitCode !== 0;
  for (const branch of step.branch) {
    const verdict = evaluateCondition(branch.when, context);
    if (verdict.passed) {
      return {
        status: 'passed',
        checks,
        branch: { target: branch.target, raw: branch.raw, reason: `${describeCondition(branch.when, 'past')} → ${branch.raw}` },
        ...(handled ? { handled } : {}),
      };
    }
  }
  if (step.else) {
    const raw = describeTarget(step.else);
    const reason = step.branch.length > 0 ? `no branch matched → else ${raw}` : `else → ${raw}`;
    return { status: 'passed', checks, branch: { target: step.else, raw, reason }, ...(handled ? { handled } : {}) };
  }

  if (handled) {
    return {
      status: 'failed',
      checks,
      message: result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.exitCode}`,
    };
  }
  return { status: 'passed', checks };
}

export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'step':
      return target.id;
    case 'end':
      return `end:${target.outcome}`;
    default:
      return target.kind;
  }
}

/** A duration as a runbook writes it (`5m`, `30s`, `1500ms`): the inverse of `parseDuration`. */
export function formatRunbookDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
