/**
 * Alerts in (issue 18 item 1), with payloads a real Alertmanager sent (test/fixtures/alerts):
 * the alert fills the inputs, picks the runbook by runbook_url, is journaled and reported, and
 * steps see RUNBOOK_RUN_ID, RUNBOOK_STEP_ID and RUNBOOK_ALERT_FINGERPRINT. Bad payloads and
 * values that would break an input: exit 2, nothing run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import { cliEnv, cliPath, journalFiles, root, runCli, tempDir } from '../journal/cli-helpers.js';

const alerts = join(root, 'test', 'fixtures', 'alerts');
const work = tempDir('runbook-alerts-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const crashLooping = JSON.parse(readFileSync(join(alerts, 'kube-pod-crash-looping.json'), 'utf8')) as { alerts: Array<{ fingerprint: string; labels: Record<string, string> }> };
const staging = crashLooping.alerts.find((alert) => alert.labels.namespace === 'staging')!;
const newline = JSON.parse(readFileSync(join(alerts, 'label-with-newline.json'), 'utf8')) as { alerts: Array<{ fingerprint: string; labels: Record<string, string> }> };
const evil = newline.alerts.find((alert) => alert.labels.job_name === 'evil')!;

/** Docs laid out like the prometheus-operator runbooks; each step writes what it saw to `seen`. */
function docs(): { dir: string; seen: string } {
  const dir = join(work, `docs-${Math.random().toString(16).slice(2)}`);
  const seen = join(dir, 'seen');
  mkdirSync(join(dir, 'kubernetes'), { recursive: true });
  writeFileSync(join(dir, 'kubernetes', 'KubeJobFailed.md'), `# KubeJobFailed\n\n## Job\n\n\`\`\`bash\necho "$NAMESPACE/$JOB_NAME $RUNBOOK_RUN_ID $RUNBOOK_STEP_ID $RUNBOOK_ALERT_FINGERPRINT" >> ${seen}\n\`\`\`\n`);
  writeFileSync(
    join(dir, 'kubernetes', 'kube-pod-crash-looping.md'),
    `---\nrunbook:\n  inputs:\n    WORKLOAD: { from-label: pod }\n---\n# Crash looping\n\n## Pod\n\n\`\`\`bash\necho "$NAMESPACE/$WORKLOAD" >> ${seen}\n\`\`\`\n`,
  );
  return { dir, seen };
}

describe('runbook run --alert', () => {
  it('picks the runbook by runbook_url, fills inputs from labels, journals and reports the alert', () => {
    const { dir, seen } = docs();
    const journal = join(dir, 'journal');
    const result = runCli(['run', '--alert', join(alerts, 'kube-job-failed.json'), '--docs', dir, '--yes', '--journal', journal]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = readJournal(journalFiles(journal)[0]!).events;
    const started = events[0]!;
    expect(started.type === 'run-started' && started.alert).toMatchObject({ name: 'KubeJobFailed', fingerprint: '7afdd9cdce9053f8', labels: { job_name: 'nightly-backup' } });
    expect(started.type === 'run-started' && started.runbook).toBe(join(dir, 'kubernetes', 'KubeJobFailed.md'));
    const runId = started.type === 'run-started' ? started.runId : '';
    expect(readFileSync(seen, 'utf8')).toBe(`batch/nightly-backup ${runId} job 7afdd9cdce9053f8\n`);
    const report = runCli(['report', '--journal', journal]).stdout;
    expect(report).toContain('| Alert | **KubeJobFailed** (fingerprint `7afdd9cdce9053f8`): `alertname=KubeJobFailed`');
  });

  it('takes the alert a fingerprint names from amtool output on stdin, and a from-label mapping', () => {
    const { dir, seen } = docs();
    const result = spawnSync(process.execPath, [cliPath(), 'run', '--alert', '-', '--alert-fingerprint', staging.fingerprint, '--docs', dir, '--yes', '--no-journal'], {
      input: readFileSync(join(alerts, 'amtool-query.json')),
      env: cliEnv(),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(seen, 'utf8')).toBe('staging/web-5f6d7-abcde\n');
  });

  it.each([
    ['a payload that is not JSON', (dir: string) => { writeFileSync(join(dir, 'bad.json'), '{\n  "alerts": [,]\n}\n'); return ['--alert', join(dir, 'bad.json')]; }, /bad\.json:2:\d+: Unexpected alert payload, expected JSON/],
    ['a payload with no firing alert', () => ['--alert', join(alerts, 'resolved.json')], /resolved\.json: no firing alert in the payload \(1 alert, resolved\), expected one that fires/],
    ['an unknown fingerprint', () => ['--alert', join(alerts, 'kube-job-failed.json'), '--alert-fingerprint', 'nope'], /no alert with fingerprint `nope`, expected one of `7afdd9cdce9053f8`/],
    ['a label that would put a line break in an input', () => ['--alert', join(alerts, 'label-with-newline.json'), '--alert-fingerprint', evil.fingerprint], /label `namespace` of alert `KubeJobFailed` would fill input `NAMESPACE` with a control character or line break \("batch\\nrm -rf \/"\); refused/],
    ['a runbook_url no file matches', (dir: string) => { rmSync(join(dir, 'kubernetes', 'KubeJobFailed.md')); return ['--alert', join(alerts, 'kube-job-failed.json')]; }, /no runbook under .* matches runbook_url https:\/\/runbooks\.prometheus-operator\.dev\/runbooks\/kubernetes\/kubejobfailed/],
  ])('refuses %s (exit 2, nothing run)', (_name, args, message) => {
    const { dir, seen } = docs();
    const result = runCli(['run', ...args(dir), '--docs', dir, '--yes', '--no-journal']);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(existsSync(seen)).toBe(false);
  });
});
