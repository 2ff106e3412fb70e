/**
 * The resume rules (docs/journal.md): from an incident's events, where its newest run goes on,
 * or why it cannot. Refusals are `ResumeRefused` (a message and what to do next); the CLI turns
 * them into exit 2.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { RunEvent } from '../contracts/run-event.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { resumePoint, type ResumePoint } from '../journal/resume-point.js';

export class ResumeRefused extends Error {
  constructor(
    message: string,
    readonly nextSteps: string[] = [],
  ) {
    super(message);
    this.name = 'ResumeRefused';
  }
}

export interface ResumePlan {
  point: ResumePoint;
  /** The runbook's sha256 now (the resumed run journals it). */
  sha256: string;
  /** The runbook changed since the run started and `force` resumes it anyway. */
  changed?: string;
  /** Secret captures that were not journaled: the steps that use them need them again. */
  lostSecrets?: string;
  /** Where the run goes on, in words (`at step \`x\` (after \`y\`)`). */
  where: string;
}

/** Where an incident's newest run goes on; throws `ResumeRefused` when it cannot. */
export function planResume(events: RunEvent[], options: { force?: boolean; runId?: string } = {}): ResumePlan {
  let point: ResumePoint;
  try {
    point = resumePoint(events);
  } catch (error) {
    throw new ResumeRefused(`${options.runId ? `run ${options.runId}: ` : ''}${(error as Error).message}`);
  }
  if (point.finished) {
    throw new ResumeRefused(`run ${point.runId} already finished (outcome: ${point.outcome ?? '?'}); there is nothing to resume`, [
      `runbook report ${point.runId}`,
      `runbook run ${point.runbook}  (to start a new run)`,
    ]);
  }
  if (point.endedAfterLastStep) {
    throw new ResumeRefused(`run ${point.runId} ran its last step (\`${point.lastFinishedStep}\`) and stopped before recording its outcome; there is nothing left to run`, [
      `runbook report ${point.runId}`,
    ]);
  }
  if (!existsSync(point.runbook) || !statSync(point.runbook).isFile()) {
    throw new ResumeRefused(`the runbook ${point.runbook} of run ${point.runId} is not there any more`, ['run `runbook resume` from the directory the run was started in']);
  }
  const plan: Omit<ResumePlan, 'where'> = { point, sha256: '' };
  const sha256 = (plan.sha256 = createHash('sha256').update(readFileSync(point.runbook)).digest('hex'));
  if (sha256 !== point.sha256) {
    if (!options.force) {
      throw new ResumeRefused(
        `${point.runbook} changed since run ${point.runId} started (sha256 ${point.sha256.slice(0, 12)} → ${sha256.slice(0, 12)}); the steps may not be the ones that ran`,
        ['check the change, then resume anyway with --force', `or start a new run: runbook run ${point.runbook}`],
      );
    }
    plan.changed = `${point.runbook} changed since the run started; resuming anyway (--force)`;
  }
  if (point.maskedCaptures.length > 0) {
    plan.lostSecrets = `secret values ${point.maskedCaptures.map((name) => `\`${name}\``).join(', ')} were not journaled; steps that use them need them again`;
  }
  const stepId = point.start.stepId;
  const where = point.interruptedStep
    ? `at step \`${point.interruptedStep}\` (it was running when the run stopped; it runs again)`
    : stepId
      ? `at step \`${stepId}\`${point.lastFinishedStep ? ` (after \`${point.lastFinishedStep}\`)` : ''}`
      : 'from the start (no step had started)';
  return { ...plan, where };
}

/** The runbook as loaded now must still hold the step the run goes on at. */
export function checkResumeStep(plan: ResumePlan, graph: StepGraph): void {
  const stepId = plan.point.start.stepId;
  if (stepId !== undefined && !graph.steps.some((step) => step.id === stepId)) {
    throw new ResumeRefused(`step \`${stepId}\` of run ${plan.point.runId} is not in ${plan.point.runbook} any more`);
  }
}
