/**
 * The attributes of a run's spans (`docs/tracing.md` lists them): OpenTelemetry's semantic
 * conventions where one fits (`error.type`, `process.exit.code`, `user.name`, `host.name`),
 * `runbook.*` for the rest. Every text goes through the run's masker first.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { RunEvent } from '../contracts/run-event.js';
import type { StepGraph } from '../contracts/step-graph.js';

// Experimental names in the conventions (their package says to copy them rather than import them).
const ATTR_HOST_NAME = 'host.name';
const ATTR_USER_NAME = 'user.name';
const ATTR_PROCESS_EXIT_CODE = 'process.exit.code';

type Mask = (text: string) => string;
type Started = Extract<RunEvent, { type: 'run-started' }>;
type StepStarted = Extract<RunEvent, { type: 'step-started' }>;
type StepFinished = Extract<RunEvent, { type: 'step-finished' }>;
type RunFinished = Extract<RunEvent, { type: 'run-finished' }>;

/** Outcomes that end a run well (exit 0). */
const SUCCESS = new Set(['completed', 'resolved']);

export function runStartAttributes(event: Started, mask: Mask, incident: string | undefined): Attributes {
  const attributes: Attributes = {
    'runbook.path': mask(event.runbook),
    'runbook.title': mask(event.title),
    'runbook.sha256': event.sha256,
    'runbook.run.id': event.runId,
    'runbook.incident': incident ?? event.runId,
    'runbook.mode': event.mode,
  };
  if (event.resumedFrom) attributes['runbook.run.resumed_from'] = event.resumedFrom;
  if (event.scenario) attributes['runbook.scenario'] = mask(event.scenario);
  if (event.user) attributes[ATTR_USER_NAME] = mask(event.user);
  if (event.host) attributes[ATTR_HOST_NAME] = mask(event.host);
  if (event.alert) {
    attributes['runbook.alert.name'] = mask(event.alert.name);
    if (event.alert.fingerprint) attributes['runbook.alert.fingerprint'] = mask(event.alert.fingerprint);
    if (event.alert.url) attributes['runbook.alert.url'] = mask(event.alert.url);
  }
  return attributes;
}

export function runEndAttributes(event: RunFinished, mask: Mask): Attributes {
  return {
    'runbook.outcome': event.outcome,
    ...(event.message ? { 'runbook.message': mask(event.message) } : {}),
    ...(event.interrupted ? { 'runbook.interrupted': true } : {}),
  };
}

/** The run's span status: an error unless the run ended well. */
export function runFailed(event: RunFinished): boolean {
  return event.interrupted === true || !SUCCESS.has(event.outcome);
}

export function stepStartAttributes(event: StepStarted, graph: StepGraph, mask: Mask): Attributes {
  const step = graph.steps.find((candidate) => candidate.id === event.stepId);
  return {
    'runbook.step.id': event.stepId,
    'runbook.step.title': mask(event.title),
    ...(step ? { 'runbook.step.kind': step.kind } : {}),
    'runbook.step.attempt': event.attempt,
    'runbook.step.visit': event.visit,
    ...(event.command !== undefined ? { 'runbook.step.command': mask(event.command) } : {}),
    ...(event.edited ? { 'runbook.step.edited': true } : {}),
  };
}

export function stepEndAttributes(event: StepFinished, mask: Mask): Attributes {
  const failedChecks = event.checks.filter((check) => !check.passed && !check.example).map((check) => mask(check.name));
  return {
    'runbook.step.outcome': event.handled ? 'handled' : event.status,
    ...(event.exitCode !== null ? { [ATTR_PROCESS_EXIT_CODE]: event.exitCode } : {}),
    ...(event.signal ? { 'runbook.step.signal': event.signal } : {}),
    ...(event.timedOut ? { 'runbook.step.timed_out': true } : {}),
    'runbook.step.duration_ms': event.durationMs,
    ...(failedChecks.length > 0 ? { 'runbook.step.failed_checks': failedChecks } : {}),
    ...(event.branch ? { 'runbook.step.branch.target': mask(event.branch.target), 'runbook.step.branch.reason': mask(event.branch.reason) } : {}),
    ...(event.message ? { 'runbook.step.message': mask(event.message) } : {}),
    ...(event.status === 'failed' ? { [ATTR_ERROR_TYPE]: errorType(event) } : {}),
  };
}

/** A failed step's class of error: `timeout`, the signal, the exit code, or `check` (the command exited 0 but a check failed). */
function errorType(event: StepFinished): string {
  if (event.timedOut) return 'timeout';
  if (event.signal) return event.signal;
  if (event.exitCode !== null && event.exitCode !== 0) return String(event.exitCode);
  return event.exitCode === 0 ? 'check' : 'failed';
}

/** A decision, note, hint, input or warning as a span event: its name and attributes; undefined for the others. */
export function spanEvent(event: RunEvent, mask: Mask): { name: string; attributes: Attributes } | undefined {
  switch (event.type) {
    case 'choice':
      return { name: 'runbook.choice', attributes: { 'runbook.choice': mask(event.choice), 'runbook.choice.target': mask(event.target), 'runbook.choice.by': event.by } };
    case 'note':
      return { name: 'runbook.note', attributes: { 'runbook.note': mask(event.text) } };
    case 'hint':
      return { name: 'runbook.hint', attributes: { 'runbook.hint': mask(event.text) } };
    case 'warning':
      return { name: 'runbook.warning', attributes: { 'runbook.warning': mask(event.message) } };
    case 'input':
      return {
        name: 'runbook.input',
        attributes: {
          'runbook.input.name': event.name,
          'runbook.input.source': event.source,
          'runbook.input.secret': event.secret,
          ...(!event.secret && event.value !== undefined ? { 'runbook.input.value': mask(event.value) } : {}),
        },
      };
    default:
      return undefined;
  }
}
