/**
 * Unattended runs: a step that waits for input (no one can type into it) fails at once and says
 * why, instead of hanging (vi: test/shell/bash-executor.test.ts) or reading end-of-file and going
 * on (a `read -p` loop that would drain every node unasked). docs/running.md, "What a step reads".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { tempDir } from '../helpers-temp.js';

function runbook(body: string): string {
  const dir = tempDir('runbook-waits-');
  const file = join(dir, 'waits.md');
  writeFileSync(file, `# Waits for input\n\n${body}\n`);
  return file;
}

describe('an unattended step that waits for input', () => {
  it('a read -p loop before each drain: the step fails naming the reader, nothing is drained, the run stops', () => {
    const file = runbook(
      [
        '## Drain the nodes',
        '```bash',
        'for node in node-1 node-2 node-3; do',
        '  read -r -p "Drain $node now? " answer',
        '  echo "drained $node"',
        'done',
        '```',
        '',
        '## Afterwards',
        '```bash',
        'echo after',
        '```',
      ].join('\n'),
    );
    const result = runCli(['run', file, '--yes', '--no-journal', '--json']);
    const summary = JSON.parse(result.stdout);
    expect(summary.steps[0]).toMatchObject({ id: 'drain-the-nodes', status: 'failed', exitCode: null });
    expect(summary.message).toMatch(/stopped waiting for input: bash \(pid \d+\) read stdin/);
    expect(summary.steps[1]).toMatchObject({ id: 'afterwards', status: 'skipped' });
    expect(result.stderr).not.toMatch(/^drained node/m);
    expect(result.status).toBe(1);
  });

  it('a prompt with a time limit and a default (`read -t 1 … || answer=default`) runs out by itself and the step passes', () => {
    const file = runbook(['## Continue', '```bash', 'read -r -t 1 -p "Continue? " answer || answer=default', 'echo "answer: $answer"', '```'].join('\n'));
    const result = runCli(['run', file, '--yes', '--no-journal']);
    expect(result.stdout).toContain('answer: default');
    expect(result.status).toBe(0);
  });

  it('input the command gives itself (a pipe, a here-document) is no wait', () => {
    const file = runbook(['## Answer', '```bash', 'yes | head -n 2', 'read -r answer <<EOF', 'given', 'EOF', 'echo "answer: $answer"', '```'].join('\n'));
    const result = runCli(['run', file, '--yes', '--no-journal']);
    expect(result.stdout).toContain('answer: given');
    expect(result.status).toBe(0);
  });
});
