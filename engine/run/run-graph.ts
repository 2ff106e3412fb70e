/**
 * Runs a step graph: an async stream of `RunEvent`s, masked, with no console code. Commands go
 * through the executor (real bash, or a rehearsal scenario); decisions go through the operator
 * (a person in the TUI, or flags when unattended). Semantics: SPEC §2 and docs/running.md.
 */
import { hostname, userInfo } from 'node:os';
import type { Step, Target } from '../contracts/step-graph.js';
import { rewritePlaceholders } from '../shell/text/rewrite-placeholders.js';
import { applyCaptures } from './apply-captures.js';
import { createEventQueue, type EventQueue } from './create-event-queue.js';
import { createMasker, createStreamMasker, MASK, type Masker } from './create-masker.js';
import { describeCondition } from './describe-condition.js';
import { evaluateCondition } from './evaluate-condition.js';
import type { CheckResult, RunEvent, ShellState, StepStatus } from '../contracts/run-event.js';
import { describeTarget, formatRunbookDuration, judgeStep } from './judge-step.js';
import type { ExecResponse, RunOptions } from '../contracts/run-seams.js';
import { secretNames as secretNamesOf } from '../graph/secret-names.js';
import { cleanEnv } from '../shell/spawn/clean-env.js';

/** Live output shown per stream per step; beyond it output is still kept (head and tail) but not streamed. */
export const LIVE_OUTPUT_LIMIT = 4 * 1024 * 1024;
const HINT_INTERVAL_MS = 500;
/** Quiet time after which an unfinished output line is shown (what can be shown safely). */
const PARTIAL_LINE_MS = 150;
/** Shell bookkeeping left out of the state delta (the directory is in `cwd`). */
const NOT_STATE = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

/** Where control goes after a step. */
type Flow = { kind: 'step'; step: Step | undefined } | { kind: 'end'; outcome: string; message?: string } | { kind: 'retry' };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type NewEvent = DistributiveOmit<RunEvent, 'time'>;

class RunInterrupted extends Error {}
class OperatorRefused extends Error {}

export async function* runGraph(options: RunOptions): AsyncGenerator<RunEvent> {
  const queue = createEventQueue<RunEvent>();
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  void drive(options, queue, stop.signal).then(
    () => queue.close(),
    (error: unknown) => queue.close(error),
  );
  try {
    yield* queue;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // The consumer left (or the run ended): stop whatever still runs.
    stop.abort();
  }
}

async function drive(options: RunOptions, queue: EventQueue<RunEvent>, stopSignal: AbortSignal): Promise<void> {
  const { graph, executor, operator } = options;
  const positions = new Map(graph.steps.map((step, position) => [step.id, position]));
  const baseEnv = cleanEnv(options.env ?? process.env);
  const secretNames = new Set([...(options.secretNames ?? []), ...secretNamesOf(graph)]);
  const masker: Masker = createMasker();
  const label = graph.file;

  // Values: inputs and captures (`vars`), and the shell state every command starts from.
  const vars: Record<string, string> = { ...options.inputs, ...(options.start?.vars ?? {}) };
  const state: ShellState = {
    env: { ...baseEnv, ...withoutMasked(options.start?.state?.env ?? {}), ...vars },
    cwd: options.start?.state?.cwd ?? options.cwd ?? process.cwd(),
  };
  const visits: Record<string, number> = { ...(options.start?.visits ?? {}) };
  const path: string[] = [...(options.start?.path ?? [])];
  const learnSecrets = (record: Record<string, string>): void => {
    // By the (few) secret names, not the (many) variables: this runs at every step.
    const values: string[] = [];
    for (const name of secretNames) if (Object.hasOwn(record, name)) values.push(record[name]!);
    if (values.length > 0) masker.add(values);
  };
  learnSecrets(baseEnv);
  learnSecrets(state.env);

  const now = (): string => new Date().toISOString();
  const emit = (event: NewEvent): void => {
    queue.push(maskDeep({ ...event, time: now() } as RunEvent, masker));
  };
  // Operator notes (the TUI's `n`) join the stream, so the journal and the report keep them.
  if (options.controls) {
    options.controls.note = (text: string, stepId?: string): void => emit(stepId === undefined ? { type: 'note', text } : { type: 'note', text, stepId });
  }
  const setVar = (name: string, value: string): void => {
    if (secretNames.has(name)) masker.add([value]);
    vars[name] = value;
    state.env[name] = value;
  };

  /** An operator decision, abandoned when the run is interrupted; a rejection refuses. */
  const decide = async <T>(ask: () => Promise<T>): Promise<T> => {
    await queue.drained();
    if (stopSignal.aborted) throw new RunInterrupted();
    let cleanup = (): void => {};
    const interrupted = new Promise<never>((_, reject) => {
      const onStop = (): void => reject(new RunInterrupted());
      stopSignal.addEventListener('abort', onStop, { once: true });
      cleanup = () => stopSignal.removeEventListener('abort', onStop);
    });
    try {
      return await Promise.race([
        ask().catch((error: unknown) => {
          throw new OperatorRefused(error instanceof Error ? error.message : String(error));
        }),
        interrupted,
      ]);
    } finally {
      cleanup();
    }
  };

  const nextAfter = (step: Step): Step | undefined => graph.steps[(positions.get(step.id) ?? graph.steps.length) + 1];
  const resolve = (target: Target, from: Step): Flow => {
    switch (target.kind) {
      case 'step': {
        const position = positions.get(target.id);
        if (position === undefined) return { kind: 'end', outcome: 'failed', message: `Step \`${from.id}\` goes to unknown step \`${target.id}\`` };
        return { kind: 'step', step: graph.steps[position] };
      }
      case 'end':
        return { kind: 'end', outcome: target.outcome };
      case 'stop':
        return { kind: 'end', outcome: 'failed', message: `Step \`${from.id}\` failed` };
      case 'next':
      case 'continue':
        return { kind: 'step', step: nextAfter(from) };
    }
  };
  const flowNext = (flow: Flow, current: Step): string | null =>
    flow.kind === 'step' ? (flow.step?.id ?? null) : flow.kind === 'retry' ? current.id : null;

  const finishStep = (
    step: Step,
    flow: Flow,
    fields: {
      status: StepStatus;
      result?: ExecResponse;
      checks?: CheckResult[];
      captures?: Record<string, string>;
      branch?: { target: string; reason: string };
      message?: string;
      durationMs?: number;
    },
  ): void => {
    const result = fields.result;
    emit({
      type: 'step-finished',
      stepId: step.id,
      status: fields.status,
      exitCode: result?.exitCode ?? null,
      signal: result?.signal ?? null,
      timedOut: result?.timedOut ?? false,
      durationMs: result?.durationMs ?? fields.durationMs ?? 0,
      checks: fields.checks ?? [],
      captures: fields.captures ?? {},
      ...(fields.branch ? { branch: fields.branch } : {}),
      next: flowNext(flow, step),
      ...(fields.message ? { message: fields.message } : {}),
      ...(result ? { state: stateDelta(state, baseEnv), outputTruncated: result.truncated } : {}),
    });
  };

  /** On-failure logic for a failed step (command or manual). Emits `choice` for operator decisions. */
  const afterFailure = async (step: Step, result: ExecResponse | undefined, reason: string): Promise<Flow> => {
    const target = step.onFailure;
    if (target.kind !== 'stop') return resolve(target, step);
    if (operator.afterFailure) {
      const decision = await decide(() =>
        operator.afterFailure!(step, result ?? emptyResult()),
      );
      const flow: Flow =
        decision.action === 'retry'
          ? { kind: 'retry' }
          : decision.action === 'skip'
            ? { kind: 'step', step: nextAfter(step) }
            : decision.action === 'goto'
              ? resolve({ kind: 'step', id: decision.stepId }, step)
              : { kind: 'end', outcome: 'failed', message: `Step \`${step.id}\` failed: ${reason}` };
      emit({
        type: 'choice',
        stepId: step.id,
        choice: decision.action,
        target: flow.kind === 'end' ? 'stop' : (flowNext(flow, step) ?? 'end'),
        by: operator.kind === 'unattended' ? 'flag' : 'operator',
      });
      return flow;
    }
    return { kind: 'end', outcome: 'failed', message: `Step \`${step.id}\` failed: ${reason}` };
  };

  const runCommand = async (step: Step, visit: number): Promise<Flow> => {
    for (const name of step.uses) {
      if (state.env[name] !== undefined || vars[name] !== undefined) continue;
      const spec = graph.settings.inputs[name];
      const secret = secretNames.has(name) || spec?.secret === true;
      if (spec?.default !== undefined) {
        setVar(name, spec.default);
        emit({ type: 'input', name, ...(secret ? {} : { value: spec.default }), secret, source: 'default' });
        continue;
      }
      const value = await decide(() =>
        operator.input(name, { secret, ...(spec?.description ? { description: spec.description } : {}), stepId: step.id }),
      );
      if (secret) secretNames.add(name);
      setVar(name, value);
      emit({ type: 'input', name, ...(secret ? {} : { value }), secret, source: 'prompt' });
    }

    const written = rewritePlaceholders(step.command ?? '');
    let command = written;
    if (operator.beforeStep) {
      const decision = await decide(() => operator.beforeStep!(step, written));
      if (decision.action === 'quit') return { kind: 'end', outcome: 'aborted', message: 'quit by operator' };
      if (decision.action === 'skip' || decision.action === 'goto') {
        const flow: Flow = decision.action === 'skip' ? { kind: 'step', step: nextAfter(step) } : resolve({ kind: 'step', id: decision.stepId }, step);
        emit({ type: 'step-started', stepId: step.id, title: step.title, command, attempt: 1, visit });
        finishStep(step, flow, {
          status: 'skipped',
          message: decision.action === 'skip' ? 'skipped by operator' : `skipped by operator, going to \`${decision.stepId}\``,
        });
        return flow;
      }
      if (decision.command !== undefined) command = rewritePlaceholders(decision.command);
    }
    const edited = command !== written;

    if (step.confirm !== undefined) {
      const confirmed = await decide(() => operator.confirm(step, step.confirm!));
      if (!confirmed) {
        const flow: Flow = { kind: 'end', outcome: 'aborted', message: `Step \`${step.id}\` was not confirmed` };
        emit({ type: 'step-started', stepId: step.id, title: step.title, command, ...(edited ? { edited } : {}), attempt: 1, visit });
        finishStep(step, flow, { status: 'skipped', message: `not confirmed (the phrase is \`${step.confirm}\`)` });
        return flow;
      }
    }

    const attempts = Math.max(1, step.retry?.attempts ?? 1);
    let attempt = 0;
    while (true) {
      attempt += 1;
      emit({ type: 'step-started', stepId: step.id, title: step.title, command, ...(edited ? { edited } : {}), attempt, visit });
      await queue.drained();
      const { result, stoppedByOperator, release } = await execute(step, command);
      const killed = result.timedOut || result.isCanceled || stoppedByOperator;
      if (!killed) {
        state.env = result.state.env;
        state.cwd = result.state.cwd;
        learnSecrets(state.env);
      }

      // Captures first: conditions may read the variables they set.
      const captured: Record<string, string> = {};
      if (!killed && step.capture.length > 0) {
        const outcome = applyCaptures(step.capture, result);
        for (const [name, value] of Object.entries(outcome.values)) {
          setVar(name, value);
          captured[name] = value;
        }
        for (const missing of outcome.missing) {
          delete vars[missing.name];
          delete state.env[missing.name];
          emit({ type: 'warning', stepId: step.id, message: `Capture \`${missing.name}\` found nothing (${missing.reason}); it is unset` });
        }
      }

      // Output held back until secret captures are known (masked with them).
      release();

      const judgement = judgeStep(step, result, vars, { runbookLabel: label, stoppedByOperator });
      const checks = [...judgement.checks];
      let status = judgement.status;
      let message = judgement.message;
      if (step.retry?.until && !killed) {
        const verdict = evaluateCondition(step.retry.until, { ...result, vars });
        checks.push({ name: 'retry until', passed: verdict.passed, expected: describeCondition(step.retry.until), actual: verdict.actual });
        if (!verdict.passed && status === 'passed') {
          status = 'failed';
          message = `retry until failed: expected ${describeCondition(step.retry.until)}, got ${verdict.actual} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`;
        }
      }

      if (status === 'failed' && attempt < attempts && !stoppedByOperator && !stopSignal.aborted && !result.isCanceled) {
        const delay = step.retry?.delayMs ?? 0;
        emit({
          type: 'warning',
          stepId: step.id,
          message: `Attempt ${attempt} of ${attempts} failed (${message ?? 'failed'}); retrying${delay > 0 ? ` in ${formatRunbookDuration(delay)}` : ''}`,
        });
        if (delay > 0 && !(await sleep(delay, stopSignal))) throw new RunInterrupted();
        continue;
      }

      if (stopSignal.aborted) {
        finishStep(step, { kind: 'end', outcome: 'aborted' }, { status: 'failed', result, checks, captures: captured, message: 'interrupted' });
        throw new RunInterrupted();
      }

      let flow: Flow;
      let branch: { target: string; reason: string } | undefined;
      if (status === 'passed') {
        if (judgement.branch) {
          flow = resolve(judgement.branch.target, step);
          branch = { target: judgement.branch.raw, reason: judgement.branch.reason };
        } else if (step.end !== undefined) flow = { kind: 'end', outcome: step.end };
        else flow = { kind: 'step', step: nextAfter(step) };
        // The step is finished (and journaled) before the operator is asked to follow its branch:
        // leaving at that question, or a crash there, must not run it again on resume.
        finishStep(step, flow, { status, result, checks, captures: captured, ...(branch ? { branch } : {}), ...(message ? { message } : {}) });
        if (operator.overrideBranch && (step.branch.length > 0 || step.else)) {
          const chosen = flowNext(flow, step);
          const picked = await decide(() => operator.overrideBranch!(step, chosen, branch?.reason ?? 'no branch matched'));
          if (picked && picked !== chosen) {
            flow = resolve({ kind: 'step', id: picked }, step);
            // Where the run goes instead of the step's `next` (resume reads it so).
            emit({ type: 'choice', stepId: step.id, choice: picked, target: picked, by: 'operator' });
          }
        }
        return flow;
      }

      const reason = message ?? 'failed';
      const defaultFlow: Flow =
        step.onFailure.kind === 'stop' ? { kind: 'end', outcome: 'failed', message: `Step \`${step.id}\` failed: ${reason}` } : resolve(step.onFailure, step);
      finishStep(step, defaultFlow, { status, result, checks, captures: captured, message: reason });
      return step.onFailure.kind === 'stop' ? afterFailure(step, result, reason) : defaultFlow;
    }
  };

  /**
   * One command through the executor, streaming masked output; the operator may stop it. A step
   * that captures a secret has its output held back until `release()`, after its captures, so
   * the captured value is masked in it.
   */
  const execute = async (
    step: Step,
    command: string,
  ): Promise<{ result: ExecResponse; stoppedByOperator: boolean; release: () => void }> => {
    const hold = step.capture.some((capture) => step.secret.includes(capture.name));
    const held: Array<['stdout' | 'stderr', string]> = [];
    const stepStop = new AbortController();
    let stoppedByOperator = false;
    const onRunStop = (): void => stepStop.abort();
    stopSignal.addEventListener('abort', onRunStop, { once: true });
    if (options.controls) {
      options.controls.cancelStep = () => {
        stoppedByOperator = true;
        stepStop.abort();
      };
    }
    const streams = { stdout: createStreamMasker(masker), stderr: createStreamMasker(masker) };
    const shown = { stdout: 0, stderr: 0 };
    const pushOutput = (stream: 'stdout' | 'stderr', text: string): void => {
      if (text) queue.push({ type: 'output', time: now(), stepId: step.id, stream, text });
    };
    // An unfinished line (a prompt, progress dots) is shown after a short quiet moment.
    const quiet: Partial<Record<'stdout' | 'stderr', NodeJS.Timeout>> = {};
    const show = (stream: 'stdout' | 'stderr', text: string): void => {
      if (hold) {
        held.push([stream, text]);
        return;
      }
      pushOutput(stream, streams[stream].write(text));
      clearTimeout(quiet[stream]);
      if (streams[stream].pending) quiet[stream] = setTimeout(() => pushOutput(stream, streams[stream].flushSafe()), PARTIAL_LINE_MS);
    };
    const release = (): void => {
      clearTimeout(quiet.stdout);
      clearTimeout(quiet.stderr);
      for (const [stream, text] of held.splice(0)) pushOutput(stream, streams[stream].write(text));
      pushOutput('stdout', streams.stdout.flush());
      pushOutput('stderr', streams.stderr.flush());
    };
    const onOutput = (stream: 'stdout' | 'stderr', text: string): boolean => {
      if (shown[stream] >= LIVE_OUTPUT_LIMIT) return false;
      shown[stream] += text.length;
      show(stream, text);
      if (shown[stream] < LIVE_OUTPUT_LIMIT) return true;
      if (!hold) pushOutput(stream, streams[stream].flush());
      emit({
        type: 'warning',
        stepId: step.id,
        message: `More than ${LIVE_OUTPUT_LIMIT / 1024 / 1024} MiB on ${stream}: the rest is not shown live; its last part is kept`,
      });
      return false;
    };
    const run = (): Promise<ExecResponse> =>
      executor.exec({
        step,
        command,
        env: { ...state.env },
        cwd: state.cwd,
        timeoutMs: step.timeoutMs,
        interactive: step.interactive,
        onOutput,
        signal: stepStop.signal,
        ready: options.beforeCommand,
      });
    try {
      const result = step.interactive && operator.withTerminal ? await operator.withTerminal(run) : await run();
      if (!hold) release();
      return { result, stoppedByOperator, release };
    } finally {
      clearTimeout(quiet.stdout);
      clearTimeout(quiet.stderr);
      stopSignal.removeEventListener('abort', onRunStop);
      if (options.controls) options.controls.cancelStep = undefined;
    }
  };

  const runAsk = async (step: Step, visit: number): Promise<Flow> => {
    emit({ type: 'step-started', stepId: step.id, title: step.title, attempt: 1, visit });
    const started = Date.now();
    const answer = await decide(() => operator.ask(step));
    const choices = step.ask?.choices ?? [];
    const choice = choices.find((candidate) => candidate.label.toLowerCase() === answer.trim().toLowerCase());
    if (!choice) {
      const message = `Answer \`${answer}\` to \`${step.id}\` is not one of ${choices.map((candidate) => `\`${candidate.label}\``).join(', ')}`;
      const flow: Flow = { kind: 'end', outcome: 'failed', message };
      finishStep(step, flow, { status: 'failed', message, durationMs: Date.now() - started });
      return flow;
    }
    const flow = resolve(choice.target, step);
    emit({ type: 'choice', stepId: step.id, choice: choice.label, target: choice.raw, by: operator.kind === 'unattended' ? 'flag' : 'operator' });
    finishStep(step, flow, {
      status: 'passed',
      branch: { target: choice.raw, reason: `answered “${choice.label}” → ${choice.raw}` },
      durationMs: Date.now() - started,
    });
    return flow;
  };

  const runManual = async (step: Step, visit: number): Promise<Flow> => {
    emit({ type: 'step-started', stepId: step.id, title: step.title, attempt: 1, visit });
    const started = Date.now();
    const done = await decide(() => operator.manual(step));
    if (done && operator.kind === 'unattended') {
      emit({
        type: 'warning',
        stepId: step.id,
        message: `Manual step \`${step.id}\` (“${step.manual ?? step.title}”) needs a person; the unattended run counts it as done`,
      });
    }
    if (done) {
      const flow: Flow = step.end !== undefined ? { kind: 'end', outcome: step.end } : { kind: 'step', step: nextAfter(step) };
      finishStep(step, flow, { status: 'passed', durationMs: Date.now() - started });
      return flow;
    }
    const reason = 'the operator did not confirm it was done';
    const defaultFlow: Flow =
      step.onFailure.kind === 'stop' ? { kind: 'end', outcome: 'failed', message: `Step \`${step.id}\` failed: ${reason}` } : resolve(step.onFailure, step);
    finishStep(step, defaultFlow, { status: 'failed', message: reason, durationMs: Date.now() - started });
    return step.onFailure.kind === 'stop' ? afterFailure(step, undefined, reason) : defaultFlow;
  };

  const runControl = (step: Step, visit: number): Flow => {
    emit({ type: 'step-started', stepId: step.id, title: step.title, attempt: 1, visit });
    if (step.kind === 'goto' && step.goto) {
      const flow = resolve(step.goto, step);
      finishStep(step, flow, { status: 'passed', branch: { target: describeTarget(step.goto), reason: `goto ${describeTarget(step.goto)}` } });
      return flow;
    }
    const flow: Flow = step.end !== undefined ? { kind: 'end', outcome: step.end } : { kind: 'step', step: nextAfter(step) };
    finishStep(step, flow, { status: 'passed' });
    return flow;
  };

  // The run.
  const startedAt = Date.now();
  const hintTimer = options.hints
    ? setInterval(() => {
        for (const text of options.hints!(Date.now() - startedAt)) emit({ type: 'hint', text });
      }, HINT_INTERVAL_MS)
    : undefined;
  const user = safe(() => userInfo().username);
  emit({
    type: 'run-started',
    runId: options.runId,
    runbook: graph.file,
    sha256: options.sha256,
    title: graph.title,
    mode: options.mode,
    ...(options.scenario ? { scenario: options.scenario } : {}),
    inputs: Object.fromEntries(Object.entries(options.inputs).filter(([name]) => !secretNames.has(name))),
    ...(options.resumedFrom ? { resumedFrom: options.resumedFrom } : {}),
    ...(user ? { user } : {}),
    host: hostname(),
  });

  let current: Step | undefined = options.start?.stepId !== undefined ? graph.steps[positions.get(options.start.stepId) ?? -1] : graph.steps[0];
  let outcome = 'completed';
  let message: string | undefined;
  if (options.start?.stepId !== undefined && !current) {
    outcome = 'failed';
    message = `Cannot resume at unknown step \`${options.start.stepId}\``;
  }
  let retrying = false;
  try {
    while (current) {
      if (stopSignal.aborted) throw new RunInterrupted();
      const step: Step = current;
      if (!retrying) {
        const visit = (visits[step.id] ?? 0) + 1;
        if (visit > step.maxVisits) {
          outcome = 'failed';
          message = `Step \`${step.id}\` was visited ${visit} times, more than its max-visits ${step.maxVisits}`;
          break;
        }
        visits[step.id] = visit;
      }
      retrying = false;
      path.push(step.id);
      const visit = visits[step.id]!;
      const flow: Flow =
        step.kind === 'command'
          ? await runCommand(step, visit)
          : step.kind === 'ask'
            ? await runAsk(step, visit)
            : step.kind === 'manual'
              ? await runManual(step, visit)
              : runControl(step, visit);
      if (flow.kind === 'end') {
        outcome = flow.outcome;
        message = flow.message;
        break;
      }
      if (flow.kind === 'retry') {
        retrying = true;
        continue;
      }
      current = flow.step;
    }
  } catch (error) {
    if (error instanceof RunInterrupted) {
      outcome = 'aborted';
      message = 'interrupted';
    } else if (error instanceof OperatorRefused) {
      outcome = 'aborted';
      message = error.message;
    } else throw error;
  } finally {
    if (hintTimer) clearInterval(hintTimer);
  }
  emit({ type: 'run-finished', outcome, ...(message ? { message } : {}) });
}

function withoutMasked(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !value.includes(MASK)));
}

/** Variables added or changed relative to the environment the run started with. */
function stateDelta(state: ShellState, baseEnv: Record<string, string>): ShellState {
  const env: Record<string, string> = {};
  for (const name in state.env) {
    const value = state.env[name]!;
    if (!NOT_STATE.has(name) && baseEnv[name] !== value) env[name] = value;
  }
  return { env, cwd: state.cwd };
}

function maskDeep<T>(value: T, masker: Masker): T {
  if (typeof value === 'string') return masker.mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskDeep(item, masker)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = maskDeep((value as Record<string, unknown>)[key], masker);
    return out as T;
  }
  return value;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function emptyResult(): ExecResponse {
  return { exitCode: null, signal: null, timedOut: false, isCanceled: false, durationMs: 0, stdout: '', stderr: '', output: '', truncated: false, state: { env: {}, cwd: '' } };
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
