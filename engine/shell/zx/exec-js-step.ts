/**
 * Runs a JS/TS step through zx, as the bash that would run a shell step: the step's text is
 * written to a private temporary file (TypeScript first has its types stripped by esbuild) and
 * the step's bash runs `node zx FILE`. So the script gets exactly the step's environment (inputs
 * and captures in `process.env`) and directory, its output is streamed, masked and checked like
 * any step's, and a timeout or a stop ends its whole process tree. It changes no session state.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';
import { shellQuote } from '../quote.js';
import { isTypeScript } from './js-step.js';

/** Resolves packages from where runbook is installed (the CLI is one CommonJS file; the library and tests are ES modules). */
function packageRequire(): NodeJS.Require {
  return typeof require === 'function' ? require : createRequire(import.meta.url);
}

/** zx's command line (its ES module entry, as `node_modules/.bin/zx`). */
function zxCli(): string {
  return join(dirname(packageRequire().resolve('zx/cli')), 'cli.js');
}

function stripTypes(code: string): string {
  const esbuild = packageRequire()('esbuild') as typeof import('esbuild');
  return esbuild.transformSync(code, { loader: 'ts', target: 'esnext', sourcefile: 'step.ts' }).code;
}

export async function execJsStep(request: ExecRequest, exec: (request: ExecRequest) => Promise<ExecResponse>): Promise<ExecResponse> {
  const started = performance.now();
  let dir: string | undefined;
  let command: string;
  try {
    const zx = zxCli();
    const code = isTypeScript(request.step.lang) ? stripTypes(request.command) : request.command;
    dir = mkdtempSync(join(tmpdir(), 'runbook-js-'));
    const script = join(dir, 'step.mjs');
    writeFileSync(script, code, { mode: 0o600 });
    command = [process.execPath, zx, script].map((word) => shellQuote(word)).join(' ');
  } catch (error) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return notRun(request, started, error);
  }
  try {
    const response = await exec({ ...request, command });
    // A script cannot export to the session nor change its directory.
    return { ...response, state: { env: request.env, cwd: request.cwd } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function notRun(request: ExecRequest, started: number, error: unknown): ExecResponse {
  const reason = error instanceof Error ? error.message : String(error);
  const message = `runbook: could not run the ${isTypeScript(request.step.lang) ? 'TypeScript' : 'JavaScript'} step through zx: ${reason}\n`;
  request.onOutput?.('stderr', message);
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
    state: { env: request.env, cwd: request.cwd },
  };
}
