import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-graph-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  writeFileSync(
    join(dir, 'flow.md'),
    `# Flow

<!-- runbook
id: probe
branch:
  - when: { exit: 0 }
    goto: end:resolved
on-failure: fix
-->
\`\`\`bash
curl -sf localhost/health
\`\`\`

<!-- runbook
id: fix
manual: Restart it by hand
-->
`,
  );
});

test('Mermaid by default', () => {
  const result = runCli(['graph', 'flow.md'], { cwd: dir });
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(
    [
      'flowchart TD',
      '  s1["1. Flow"]',
      '  s2[/"2. Restart it by hand"/]',
      '  out_1(["end: resolved"])',
      '  out_2(["end"])',
      '  s1 -->|"exit 0"| out_1',
      '  s1 --> s2',
      '  s1 -.->|"on failure"| s2',
      '  s2 --> out_2',
      '',
    ].join('\n'),
  );
});

test('DOT and JSON', () => {
  const dot = runCli(['graph', 'flow.md', '--format', 'dot'], { cwd: dir });
  expect(dot.stdout).toMatch(/^digraph runbook \{\n/);
  expect(dot.stdout).toContain('"probe" -> "fix" [label="on failure", style=dashed];');
  const json = JSON.parse(runCli(['graph', 'flow.md', '--format=json'], { cwd: dir }).stdout) as { steps: { id: string }[]; edges: unknown[] };
  expect(json.steps.map((step) => step.id)).toEqual(['probe', 'fix']);
  expect(json.edges).toEqual([
    { from: 'probe', kind: 'branch', outcome: 'resolved', label: 'exit 0' },
    { from: 'probe', kind: 'next', to: 'fix' },
    { from: 'probe', kind: 'failure', to: 'fix', label: 'on failure' },
    { from: 'fix', kind: 'next', outcome: 'completed' },
  ]);
});

test('an unknown format, a missing file, an invalid runbook: exit 2', () => {
  const format = runCli(['graph', 'flow.md', '--format', 'png'], { cwd: dir });
  expect([format.status, format.stderr]).toEqual([
    2,
    'runbook: graph: unexpected format `png`, expected one of `mermaid`, `dot`, `json`\n  → runbook graph --help\n',
  ]);
  const missing = runCli(['graph', 'nope.md'], { cwd: dir });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('1:1 error Cannot find file');
  writeFileSync(join(dir, 'bad.md'), '```bash\necho never closed\n');
  const bad = runCli(['graph', 'bad.md'], { cwd: dir });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('1:1-1:8 error Unclosed code fence');
});
