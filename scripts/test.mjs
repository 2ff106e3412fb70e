// `npm test`: the type check and the tests at once, the type check's report after the tests'.
// The suite keeps both cores busy but for a few seconds at its start and here and there while it
// runs; the type check fills them instead of running alone before it (docs/testing.md).
// Exits non-zero when either fails; arguments go to vitest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The packages' own bins, as npm links them.
const bin = join(import.meta.dirname, '..', 'node_modules', '.bin');
const tsc = join(bin, 'tsc');
const vitest = join(bin, 'vitest');

const check = spawn(process.execPath, [tsc, '--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
let report = '';
check.stdout.setEncoding('utf8').on('data', (chunk) => (report += chunk));
check.stderr.setEncoding('utf8').on('data', (chunk) => (report += chunk));
const checked = new Promise((resolve) => check.on('close', (code) => resolve(code ?? 1)));

const tests = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
const tested = new Promise((resolve) => tests.on('close', (code) => resolve(code ?? 1)));

const [testsCode, checkCode] = await Promise.all([tested, checked]);
if (checkCode !== 0) process.stderr.write(`\ntsc --noEmit failed (exit ${checkCode}):\n${report}`);
process.exitCode = testsCode !== 0 ? testsCode : checkCode;
