import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleEvenly } from '../sweep.js';

/**
 * Every runbook in test/fixtures/malformed/<case>/input.md is invalid: `runbook check` exits 2
 * with the messages in messages.txt (`UPDATE=1` rewrites them), and `runbook run --yes` exits 2
 * without running its first step, which would create a marker file. `check` reads them all in one
 * process; `run` is a process per runbook, for every runbook under `RUNBOOK_SWEEP=all` and for
 * 12 of them, evenly spaced, otherwise (test/sweep.ts).
 */
const execute = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/runbook.js');
const fixtures = join(root, 'test/fixtures/malformed');
const cases = readdirSync(fixtures).sort();
const runCases = new Set(sampleEvenly(cases, 12));
const work = mkdtempSync(join(tmpdir(), 'runbook-malformed-'));

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface JsonMessage {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
}

const checked = new Map<string, string[]>();
let reporterOutput = '';
let exitCode = -1;

beforeAll(async () => {
  for (const name of cases) {
    mkdirSync(join(work, name));
    copyFileSync(join(fixtures, name, 'input.md'), join(work, name, 'input.md'));
  }
  const paths = cases.map((name) => `${name}/input.md`);
  const [json, printed] = await Promise.all([cli(['check', ...paths, '--json'], work), cli(['check', ...paths], work)]);
  exitCode = json.code;
  expect(printed.code).toBe(2);
  reporterOutput = printed.stderr;
  for (const message of JSON.parse(json.stdout) as JsonMessage[]) {
    const name = message.file.split('/')[0]!;
    const list = checked.get(name) ?? [];
    list.push(`${message.line}:${message.column}-${message.endLine}:${message.endColumn} ${message.severity} ${message.message}`);
    checked.set(name, list);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('malformed runbooks', () => {
  test('there are at least 40, and check exits 2 for them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(exitCode).toBe(2);
    expect(reporterOutput).not.toMatch(/internal error|\n\s+at /);
  });

  for (const name of cases) {
    test.concurrent(name, async () => {
      const messages = checked.get(name) ?? [];
      const expectedPath = join(fixtures, name, 'messages.txt');
      if (process.env.UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, messages.join('\n') + '\n');
      expect(messages).toEqual(readFileSync(expectedPath, 'utf8').trimEnd().split('\n'));
      expect(messages.some((message) => message.includes(' error '))).toBe(true);
      // vfile-reporter prints the file, then each message's place.
      const first = messages[0]!.split(' ')[0]!.replace(/-(\d+):(\d+)$/, '');
      expect(reporterOutput).toContain(`${name}/input.md`);
      expect(reporterOutput).toContain(first);

      // Nothing runs: the first step would create the marker.
      if (!runCases.has(name)) return;
      const dir = join(work, name);
      const ran = await cli(['run', 'input.md', '--yes'], dir);
      expect(ran.code).toBe(2);
      expect(existsSync(join(dir, 'marker-created'))).toBe(false);
    });
  }
});
