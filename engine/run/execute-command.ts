/**
 * One command through the executor, its output streamed as masked `output` events (line by line;
 * an unfinished line after a quiet moment). A step that captures a secret has its output held
 * back until `release()`, after its captures, so the captured value is masked in it.
 */
import type { ExecResponse } from '../contracts/run-seams.js';
import type { Step } from '../contracts/step-graph.js';
import { createStreamMasker } from './create-masker.js';
import type { RunContext } from './run-context.js';
import { isSecret } from './run-state.js';

/** Live output shown per stream per step; beyond it output is still kept (head and tail) but not streamed. */
export const LIVE_OUTPUT_LIMIT = 4 * 1024 * 1024;
/** Quiet time after which an unfinished output line is shown (what can be shown safely). */
const PARTIAL_LINE_MS = 150;

type Stream = 'stdout' | 'stderr';

export interface Executed {
  result: ExecResponse;
  /** Shows the output held back (a step capturing a secret); a no-op otherwise. */
  release: () => void;
}

export async function executeCommand(context: RunContext, step: Step, command: string, signal: AbortSignal): Promise<Executed> {
  const { options, state, queue } = context;
  const hold = step.capture.some((capture) => step.secret.includes(capture.name) || isSecret(state, capture.name));
  const held: Array<[Stream, string]> = [];
  const streams = { stdout: createStreamMasker(state.masker), stderr: createStreamMasker(state.masker) };
  const shown = { stdout: 0, stderr: 0 };
  const quiet: Partial<Record<Stream, NodeJS.Timeout>> = {};
  const pushOutput = (stream: Stream, text: string): void => {
    if (text) queue.push({ type: 'output', time: new Date().toISOString(), stepId: step.id, stream, text });
  };
  const show = (stream: Stream, text: string): void => {
    if (hold) {
      held.push([stream, text]);
      return;
    }
    pushOutput(stream, streams[stream].write(text));
    clearTimeout(quiet[stream]);
    // An unfinished line (a prompt, progress dots) is shown after a short quiet moment.
    if (streams[stream].pending) quiet[stream] = setTimeout(() => pushOutput(stream, streams[stream].flushSafe()), PARTIAL_LINE_MS);
  };
  const release = (): void => {
    clearTimeout(quiet.stdout);
    clearTimeout(quiet.stderr);
    for (const [stream, text] of held.splice(0)) pushOutput(stream, streams[stream].write(text));
    pushOutput('stdout', streams.stdout.flush());
    pushOutput('stderr', streams.stderr.flush());
  };
  const onOutput = (stream: Stream, text: string): boolean => {
    if (shown[stream] >= LIVE_OUTPUT_LIMIT) return false;
    shown[stream] += text.length;
    show(stream, text);
    if (shown[stream] < LIVE_OUTPUT_LIMIT) return true;
    if (!hold) pushOutput(stream, streams[stream].flush());
    context.emit({
      type: 'warning',
      stepId: step.id,
      message: `More than ${LIVE_OUTPUT_LIMIT / 1024 / 1024} MiB on ${stream}: the rest is not shown live; its last part is kept`,
    });
    return false;
  };
  const run = (): Promise<ExecResponse> =>
    options.executor.exec({
      step,
      command,
      // Steps know where they are: what they start can be traced back to the journal.
      env: { ...state.shell.env, RUNBOOK_RUN_ID: options.runId, RUNBOOK_STEP_ID: step.id },
      cwd: state.shell.cwd,
      timeoutMs: step.timeoutMs,
      interactive: step.interactive,
      onOutput,
      signal,
      ready: options.beforeCommand,
    });
  try {
    const { operator } = options;
    const result = step.interactive && operator.withTerminal ? await operator.withTerminal(run) : await run();
    if (!hold) release();
    return { result, release: hold ? release : () => {} };
  } finally {
    clearTimeout(quiet.stdout);
    clearTimeout(quiet.stderr);
  }
}
