/** What `run` ends with (issue 13.17 and 13.18): an author's outcome, a refusal as JSON, a handled step. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-outcomes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runbook(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('run: outcomes and exit codes', () => {
  it("an author's `end: aborted` is an outcome (exit 1); 130 stays for interruptions", () => {
    const path = runbook('aborted.md', '# Give up\n\n```bash\necho giving up\n```\n\n<!-- runbook end: aborted -->\n');
    const result = runCli(['run', path, '--yes', '--json', '--no-journal']);
    expect(result.status).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.outcome).toBe('aborted');
    expect(summary).not.toHaveProperty('interrupted');
  });

  it('`--json` on exit 2 prints the problems as JSON on stdout: a preflight refusal, a missing file', () => {
    const path = runbook('danger.md', '# Danger\n\n<!-- runbook\nconfirm: true\n-->\n```bash\necho boom\n```\n');
    const refused = runCli(['run', path, '--yes', '--json', '--no-journal']);
    expect(refused.status).toBe(2);
    expect(JSON.parse(refused.stdout)).toEqual({
      runbook: path,
      outcome: 'invalid',
      problems: [
        {
          file: path,
          line: 3,
          column: 1,
          endLine: 5,
          endColumn: 4,
          severity: 'error',
          message: 'Step `danger` is dangerous and needs confirming: pass --answer danger=yes',
          ruleId: 'missing-confirmation',
        },
      ],
    });
    expect(refused.stderr).toContain(`${path}:3:1: Step \`danger\` is dangerous`);

    const missing = runCli(['run', join(dir, 'nope.md'), '--yes', '--json']);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ outcome: 'invalid', problems: [{ severity: 'error', ruleId: 'read' }] });

    const badFlag = runCli(['run', path, '--yes', '--json', '--input', 'no-equals-sign']);
    expect(badFlag.status).toBe(2);
    expect(JSON.parse(badFlag.stdout)).toMatchObject({ outcome: 'invalid', problems: [{ severity: 'error', message: expect.stringContaining('--input') }] });
  });

  it('preflight follows the answers: a dangerous step an answer routes away from needs no confirmation', () => {
    const path = runbook(
      'routed.md',
      '# Routed\n\n<!-- runbook\nid: decide\nask: "Delete?"\nchoices:\n  "Yes": drop\n  "No": "end:escalated"\n-->\n\n## Drop\n<!-- runbook\nid: drop\nconfirm: true\n-->\n```bash\necho dropped\n```\n',
    );
    const result = runCli(['run', path, '--yes', '--json', '--no-journal', '--answer', 'decide=No']);
    expect(result.stderr).not.toContain('needs confirming');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'escalated', path: ['decide'] });
  });

  it('a step whose branch took a failing exit shows as handled, not passed; --json keeps status passed and adds handled', () => {
    const path = runbook(
      'handled.md',
      '# Probe\n\n<!-- runbook\nid: probe\nbranch:\n  - when: { exit: 1 }\n    goto: fallback\n-->\n```bash\nexit 1\n```\n\n## Fallback\n```bash\necho fine\n```\n',
    );
    const plain = runCli(['run', path, '--yes', '--no-journal']);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/↳ Probe handled \(exit 1, \d+ ms\)/);
    expect(plain.stdout).not.toMatch(/Probe passed/);
    const json = JSON.parse(runCli(['run', path, '--yes', '--json', '--no-journal']).stdout);
    expect(json.steps[0]).toMatchObject({ id: 'probe', status: 'passed', handled: true, exitCode: 1 });
  });
});
