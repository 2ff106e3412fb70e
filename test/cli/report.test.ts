import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, journalFiles, runCli, tempDir } from '../journal/cli-helpers.js';

const SECRET = 'sk-live-9f8e7d6c5b4a';

/** Counts of a JUnit file, read by a real XML parser (Python's ElementTree). */
function junitCounts(xml: string) {
  const script = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
suite = root.find('testsuite')
cases = suite.findall('testcase')
print(json.dumps({
  'tests': int(suite.get('tests')), 'failures': int(suite.get('failures')), 'cases': len(cases),
  'failed': [c.get('name') for c in cases if c.find('failure') is not None],
  'messages': [c.find('failure').get('message') for c in cases if c.find('failure') is not None],
  'out': [c.findtext('system-out') or '' for c in cases],
}))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }));
}

describe('runbook report', () => {
  it('keeps a secret input out of the journal, every report format, the --json result and the screen', () => {
    const dir = tempDir();
    const run = runCli(['run', join(fixtures, 'secret.md'), '--yes', '--json', '--journal', dir, '--input', `API_TOKEN=${SECRET}`]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.outcome).toBe('completed');
    const texts: Record<string, string> = { 'run --json': run.stdout, 'run stderr': run.stderr };
    for (const name of readdirSync(dir)) texts[`journal ${name}`] = readFileSync(join(dir, name), 'utf8');
    for (const format of ['markdown', 'json', 'junit']) {
      const report = runCli(['report', result.runId, '--format', format, '--journal', dir]);
      expect(report.code).toBe(0);
      texts[`report ${format}`] = report.stdout;
    }
    texts.scenario = runCli(['scenario', '--from', result.runId, '--journal', dir]).stdout;
    texts.runs = runCli(['runs', '--json', '--journal', dir]).stdout;
    for (const [where, text] of Object.entries(texts)) {
      expect(text, where).not.toContain(SECRET);
      expect(text, where).not.toContain('9f8e7d6c5b4a');
    }
    // the steps did print it: masked
    expect(texts['run stderr']).toContain('token is •••••• in eu-west-1');
    expect(texts['report markdown']).toContain('token is •••••• in eu-west-1');
    expect(texts['report markdown']).toContain('| Secret inputs | `API_TOKEN` (values never recorded) |');
  });

  it('renders the incident timeline, JSON and JUnit of a real run', () => {
    const dir = tempDir();
    const state = join(tempDir(), 'state');
    const env = { FAKECTL_STATE: state };
    const run = runCli(['run', join(fixtures, 'replay.md'), '--yes', '--journal', dir, '--answer', 'decide=Yes'], { env });
    expect(run.code).toBe(0);

    const markdown = runCli(['report', '--journal', dir]).stdout;
    expect(markdown).toMatch(/^# Incident: Web is down\n/);
    expect(markdown).toContain('| Outcome | **resolved** |');
    expect(markdown).toContain('Path: `status` → `logs` → `decide` → `restart` → `verify`');
    expect(markdown).toMatch(/### \d\d:\d\d:\d\d Check the service \(`status`\) — ✔ passed\n\nCommand:\n\n```bash\nfakectl status \| grep -v '\^#'\n```\n\nOutput:\n\n```text\nservice: web\nstatus: down\n```/);
    expect(markdown).toContain('- Branch → `logs` because stdout matched /status. down/');
    expect(markdown).toContain('- Captured: `ERROR=config invalid`');
    expect(markdown).toMatch(/- \*\*\d\d:\d\d:\d\d\*\* Answered by flag: \*\*Yes\*\* → `restart` \(at `decide`\)/);
    expect(markdown).toContain('- ✔ expect: `stdout matches /status. up/`');
    expect(markdown).toMatch(/Run finished: \*\*resolved\*\*\n$/);

    const json = JSON.parse(runCli(['report', '--format', 'json', '--journal', dir]).stdout);
    expect(json).toMatchObject({ outcome: 'resolved', path: ['status', 'logs', 'decide', 'restart', 'verify'] });
    expect(json.runs).toEqual([json.runId]);
    expect(json.events[0]).toMatchObject({ type: 'run-started', runId: json.runId });
    expect(json.events.filter((event: { type: string }) => event.type === 'output').length).toBeGreaterThan(0);

    const junit = junitCounts(runCli(['report', '--format', 'junit', '--journal', dir]).stdout);
    expect(junit).toMatchObject({ tests: 5, failures: 0, cases: 5, failed: [] });
    expect(junit.out[0]).toBe("$ fakectl status | grep -v '^#'\nservice: web\nstatus: down");
  });

  it('reports failed checks as JUnit failures, escaped', () => {
    const dir = tempDir();
    const state = join(tempDir(), 'state');
    const run = runCli(['run', join(fixtures, 'replay.md'), '--yes', '--journal', dir, '--answer', 'decide=No'], { env: { FAKECTL_STATE: state } });
    expect(run.code).toBe(1);
    const xml = runCli(['report', '--format', 'junit', '--journal', dir]).stdout;
    const junit = junitCounts(xml);
    expect(junit.cases).toBe(3);
    expect(xml).toContain('<property name="outcome" value="escalated"/>');
    expect(xml).toContain('grep -v &apos;^#&apos;');
  });

  it('renders a step whose check failed, with its message, in every format', () => {
    const dir = tempDir();
    const state = join(tempDir(), 'state');
    // FAKECTL_STATE pointing into a directory that does not exist: restart cannot record "up",
    // so verify's expect fails.
    const run = runCli(['run', join(fixtures, 'replay.md'), '--yes', '--journal', dir, '--answer', 'decide=Yes'], { env: { FAKECTL_STATE: join(state, 'missing', 'x') } });
    expect(run.code).toBe(1);
    const junit = junitCounts(runCli(['report', '--format', 'junit', '--journal', dir]).stdout);
    expect(junit.failures).toBe(1);
    expect(junit.failed).toEqual(['verify: Verify']);
    expect(junit.messages).toEqual(['expect: stdout matches /status. up/']);
    const markdown = runCli(['report', '--journal', dir]).stdout;
    expect(markdown).toContain('### ');
    expect(markdown).toMatch(/Verify \(`verify`\) — ✘ failed/);
    expect(markdown).toContain('- ✘ expect: `stdout matches /status. up/`, got:');
    expect(journalFiles(dir)).toHaveLength(1);
  });
});
