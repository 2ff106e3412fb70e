/**
 * The live executor: each command runs in its own `bash` process, in its own process group,
 * with exactly the environment and working directory it is given. A tiny wrapper `eval`s the
 * command and, on exit, writes `export -p` and `$PWD` to a private pipe (fd 3, moved to a high
 * fd so the command never sees it), so `export` and `cd` carry over to the next step as in one
 * shell session. Nothing is written to disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { ShellState } from './events.js';
import { createOutputBuffer } from './create-output-buffer.js';
import { parseExportP } from './parse-export-p.js';
import type { ExecRequest, ExecResponse, Executor } from './types.js';

export interface BashExecutorOptions {
  /** The bash binary; default `bash` (found on the PATH of the step's environment). Not bash (`sh`, `zsh`): bash is used. */
  shell?: string;
  /** Bytes kept from the start and from the end of each stream (default 2 MiB each). */
  headBytes?: number;
  tailBytes?: number;
  /** Time between SIGTERM and SIGKILL when a step is stopped (default 1500 ms). */
  killGraceMs?: number;
}

const END_MARK = '\0__RUNBOOK_STATE_END__\0';

/**
 * `$1` is the command. The EXIT trap reports the exported environment and the directory, then
 * exits with the command's status. `builtin` guards against a command redefining `export`.
 */
const WRAPPER = [
  'exec {__runbook_fd}>&3 3>&-',
  `trap '__runbook_status=$?; { builtin export -p; builtin printf "\\0%s${END_MARK.replaceAll('\0', '\\0')}" "$PWD"; } >&$__runbook_fd 2>/dev/null; builtin exit $__runbook_status' EXIT`,
  '__runbook_command=$1',
  'set --',
  'eval "$__runbook_command"',
].join('\n');

/** Variables bash sets for itself that must not be carried to the next step. */
const SHELL_OWN = new Set(['SHLVL', '_']);

export function createBashExecutor(options: BashExecutorOptions = {}): Executor {
  // The wrapper needs bash (`export -p`, `{fd}>&`): other shells named in a runbook run in bash.
  const shell = options.shell && /(^|\/)bash[0-9.]*$/.test(options.shell) ? options.shell : 'bash';
  const killGraceMs = options.killGraceMs ?? 1500;

  return {
    exec(request) {
      return new Promise<ExecResponse>((resolve) => {
        const started = performance.now();
        const previous: ShellState = { env: request.env, cwd: request.cwd };
        const stdout = createOutputBuffer(options.headBytes, options.tailBytes);
        const stderr = createOutputBuffer(options.headBytes, options.tailBytes);
        const output = createOutputBuffer(options.headBytes, options.tailBytes);
        let stateText = '';
        let timedOut = false;
        let isCanceled = false;
        let stopping = false;
        let settled = false;

        let child: ChildProcess;
        try {
          child = spawn(shell, ['-c', WRAPPER, 'runbook', request.command], {
            cwd: request.cwd,
            env: request.env,
            detached: !request.interactive,
            stdio: request.interactive ? ['inherit', 'inherit', 'inherit', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe'],
          });
        } catch (error) {
          resolve(failedToStart(error, previous, started));
          return;
        }

        const stop = (): void => {
          if (stopping || child.pid === undefined) return;
          stopping = true;
          signalTree(child, 'SIGTERM', !request.interactive);
          const timer = setTimeout(() => signalTree(child, 'SIGKILL', !request.interactive), killGraceMs);
          // Only keep the process alive for this if the shell is still there.
          if (child.exitCode !== null || child.signalCode !== null) timer.unref();
          child.once('exit', () => timer.unref());
        };

        const timeout = setTimeout(() => {
          timedOut = true;
          stop();
        }, request.timeoutMs);
        const onAbort = (): void => {
          isCanceled = true;
          stop();
        };
        if (request.signal?.aborted) onAbort();
        else request.signal?.addEventListener('abort', onAbort, { once: true });

        const listen = (stream: Readable | null, name: 'stdout' | 'stderr', buffer: typeof stdout): void => {
          if (!stream) return;
          let decoder = request.onOutput ? new StringDecoder('utf8') : undefined;
          const deliver = (text: string | undefined): void => {
            if (text && request.onOutput!(name, text) === false) decoder = undefined;
          };
          stream.on('data', (chunk: Buffer) => {
            buffer.push(chunk);
            output.push(chunk);
            if (decoder) deliver(decoder.write(chunk));
          });
          stream.on('end', () => {
            if (decoder) deliver(decoder.end());
          });
        };
        listen(child.stdout, 'stdout', stdout);
        listen(child.stderr, 'stderr', stderr);
        const stateStream = child.stdio[3] as Readable | null;
        stateStream?.setEncoding('latin1');
        stateStream?.on('data', (chunk: string) => {
          stateText += chunk;
        });

        const finish = (exitCode: number | null, signal: string | null): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timeout);
          request.signal?.removeEventListener('abort', onAbort);
          for (const stream of [child.stdout, child.stderr, stateStream]) stream?.destroy();
          const normalExit = exitCode !== null && !timedOut && !isCanceled;
          resolve({
            exitCode,
            signal,
            timedOut,
            isCanceled,
            durationMs: Math.round(performance.now() - started),
            stdout: stdout.text(),
            stderr: stderr.text(),
            output: output.text(),
            truncated: stdout.truncated || stderr.truncated || output.truncated,
            state: (normalExit && readState(stateText, request.env)) || previous,
          });
        };

        child.on('error', (error) => {
          if (settled) return;
          settled = true;
          clearTimeout(timeout);
          resolve(failedToStart(error, previous, started));
        });

        child.on('exit', (code, signal) => {
          // Wait for the pipes to drain (background children may hold them open: not for long).
          const open = [child.stdout, child.stderr].filter((stream): stream is Readable => stream !== null && !stream.readableEnded);
          const stateDone = (): boolean => stateText.includes(END_MARK) || stateStream === null || stateStream.readableEnded;
          if (open.length === 0 && stateDone()) {
            finish(code, signal);
            return;
          }
          const grace = setTimeout(() => finish(code, signal), 200);
          const check = (): void => {
            if (open.every((stream) => stream.readableEnded) && stateDone()) {
              clearTimeout(grace);
              finish(code, signal);
            }
          };
          for (const stream of open) stream.once('end', check);
          stateStream?.on('data', check);
          stateStream?.once('end', check);
          check();
        });
      });
    },
  };
}

function signalTree(child: ChildProcess, signal: NodeJS.Signals, group: boolean): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** The state the wrapper reported, or undefined if it did not report (killed, trap replaced). */
function readState(text: string, before: Record<string, string>): ShellState | undefined {
  const end = text.indexOf(END_MARK);
  if (end === -1) return undefined;
  const body = Buffer.from(text.slice(0, end), 'latin1').toString('utf8');
  const separator = body.lastIndexOf('\0');
  if (separator === -1) return undefined;
  const exported = parseExportP(body.slice(0, separator));
  const env: Record<string, string> = {};
  // Variables bash cannot hold (names that are not identifiers) pass through untouched.
  for (const [name, value] of Object.entries(before)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(exported)) {
    if (SHELL_OWN.has(name)) {
      if (before[name] !== undefined) env[name] = before[name]!;
    } else env[name] = value;
  }
  return { env, cwd: body.slice(separator + 1) };
}

function failedToStart(error: unknown, previous: ShellState, started: number): ExecResponse {
  const message = `runbook: could not start the shell: ${error instanceof Error ? error.message : String(error)}\n`;
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    isCanceled: false,
    durationMs: Math.round(performance.now() - started),
    stdout: '',
    stderr: message,
    output: message,
    truncated: false,
    state: previous,
  };
}
