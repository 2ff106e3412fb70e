// The inputs panel and input prompts, end to end in a real terminal (tmux, 80×24) through
// `runbook run`: prompts that say where an input is used, a pick list for `choices`, and inputs
// changed from the panel before the next step (journaled; secrets never shown or journaled).
// (The CLI is built by the global setup.)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTmux, tmuxAvailable, type TmuxSession } from './tmux-session.js';

const root = resolve(import.meta.dirname, '../..');
let mark = '';
let session: TmuxSession | undefined;

afterEach(() => {
  session?.kill();
  session = undefined;
  if (mark) rmSync(mark, { recursive: true, force: true });
});

function run(args: string[] = []): TmuxSession {
  mark = mkdtempSync(join(tmpdir(), 'runbook-tui-'));
  const command = [join(root, 'bin/runbook.js'), 'run', join(root, 'test/fixtures/tui/inputs.md'), '--journal', join(mark, 'journal'), ...args];
  session = startTmux(`inputs-${Math.random().toString(36).slice(2, 8)}`, command, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: mark, MARK: mark, TERM: 'xterm-256color', NO_COLOR: '1' },
  });
  return session;
}

function journal(): string {
  const name = readdirSync(join(mark, 'journal')).find((file) => file.endsWith('.jsonl'))!;
  return readFileSync(join(mark, 'journal', name), 'utf8');
}

function inputEvents(): { name: string; value?: string; secret: boolean; source: string }[] {
  return journal()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((event) => event.type === 'input');
}

/** The two prompt rows and the footer (the frame is one row shorter than the terminal). */
function bottom(screen: string): string {
  return screen.split('\n').slice(20, 23).join('\n');
}

describe.skipIf(!tmuxAvailable())('inputs in a real terminal (tmux, 80×24)', () => {
  it('a prompt shows the placeholder as written, the step and an example; choices are a pick list that refuses other values', async () => {
    const tui = run();
    let screen = await tui.waitFor(/^VM_NAME:/m);
    expect(bottom(screen)).toContain('Input <vm-name> for "Start the VM" (line 13) · e.g. web-01');
    tui.type('vm1');
    tui.keys('Enter');
    screen = await tui.waitFor('REGION:  eu-west-1');
    expect(bottom(screen)).toContain('Input $REGION for "Start the VM" (line 13) · where the cluster runs');
    expect(bottom(screen)).toContain('REGION:  eu-west-1   us-east-1');
    expect(bottom(screen)).toContain('↑↓ pick  Enter submit');
    // A typed value outside the choices is refused, and nothing runs.
    tui.type('mars');
    tui.keys('Enter');
    screen = await tui.waitFor('is not one of');
    expect(bottom(screen)).toContain('✘ `mars` is not one of eu-west-1, us-east-1');
    tui.keys('Down');
    tui.keys('Enter');
    screen = await tui.waitFor('Enter runs this step');
    // Before the step: the values it is about to get, defaults included.
    const uses = screen.split('\n').find((row) => row.startsWith('Inputs (i): '))!;
    expect(uses).toContain('VM_NAME=vm1');
    expect(uses).toContain('REGION=us-east-1');
    expect(uses).toContain('NAMESPACE=agents');
    tui.keys('Enter');
    await tui.waitFor(/^DB_PASSWORD \(secret\):/m);
    tui.type('hunter2');
    tui.keys('Enter');
    await tui.waitFor(/›○ Check the VM[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor(/›○ Done[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor('Run completed');
    expect(readFileSync(join(mark, 'log'), 'utf8')).toBe('start vm1 in us-east-1 ns agents\ncheck vm1 in us-east-1 ns agents pw 7\ndone vm1 us-east-1\n');
    expect(inputEvents().map((event) => `${event.name}:${event.source}:${event.value ?? '-'}`)).toEqual(['VM_NAME:prompt:vm1', 'REGION:prompt:us-east-1', 'DB_PASSWORD:prompt:-']);
  });

  it('`i` shows every input with its value and source, and changes one before the next step (secrets masked, never journaled)', async () => {
    const tui = run();
    await tui.waitFor(/^VM_NAME:/m);
    tui.type('vm1');
    tui.keys('Enter');
    await tui.waitFor('REGION:  eu-west-1');
    tui.keys('Enter');
    await tui.waitFor('Enter runs this step');
    tui.keys('i');
    let screen = await tui.waitFor('Inputs (5)');
    expect(screen).toContain('NAMESPACE = agents\n    from: the declared default\n    declared: the agent namespace');
    expect(screen).toContain(`MARK = ${mark}`);
    expect(screen).toContain('from: the environment ($MARK where runbook was started)');
    // Select NAMESPACE (the list is sorted: DB_PASSWORD, MARK, NAMESPACE…) and change it.
    tui.keys('Down', 'Down', 'Enter');
    screen = await tui.waitFor('New NAMESPACE: agents');
    tui.keys('C-u');
    tui.type('blue');
    tui.keys('Enter');
    screen = await tui.waitFor('NAMESPACE changed to blue: used from the next step on');
    expect(screen).toContain('› NAMESPACE = blue\n    from: changed by the operator during the run');
    // REGION is a pick list: a typed value outside it is refused; ↑↓ picks.
    tui.keys('Down', 'Enter');
    await tui.waitFor('New REGION:  eu-west-1   us-east-1');
    tui.type('mars');
    tui.keys('Enter');
    await tui.waitFor('✘ `mars` is not one of eu-west-1, us-east-1');
    tui.keys('Down', 'Enter');
    await tui.waitFor('REGION changed to us-east-1');
    tui.keys('Escape');
    await tui.waitFor('Enter runs this step');
    // Changed at the step's own prompt: the step shown runs with the new values.
    tui.keys('Enter');
    await tui.waitFor(/^DB_PASSWORD \(secret\):/m);
    tui.type('hunter2');
    tui.keys('Enter');
    await tui.waitFor(/›○ Check the VM[\s\S]*Enter runs this step/);
    // A secret: typed as •, never shown, journaled without its value.
    tui.keys('i');
    await tui.waitFor('› DB_PASSWORD = ••••••');
    tui.keys('Enter');
    await tui.waitFor(/^New DB_PASSWORD \(secret\):/m);
    tui.type('s3cret-pw');
    screen = await tui.waitFor('New DB_PASSWORD (secret): •••••••••');
    tui.keys('Enter');
    screen = await tui.waitFor('DB_PASSWORD changed (secret)');
    expect(screen).not.toContain('s3cret-pw');
    tui.keys('Escape');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    await tui.waitFor(/›○ Done[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor('Run completed');
    expect(readFileSync(join(mark, 'log'), 'utf8')).toBe('start vm1 in us-east-1 ns blue\ncheck vm1 in us-east-1 ns blue pw 9\ndone vm1 us-east-1\n');
    expect(inputEvents().map((event) => `${event.name}:${event.source}:${event.value ?? '-'}`)).toEqual([
      'VM_NAME:prompt:vm1',
      'REGION:prompt:eu-west-1',
      'NAMESPACE:changed:blue',
      'REGION:changed:us-east-1',
      'DB_PASSWORD:prompt:-',
      'DB_PASSWORD:changed:-',
    ]);
    expect(journal()).not.toContain('s3cret-pw');
    expect(journal()).not.toContain('hunter2');
  });

  it('the panel says where each input given at the start comes from: --input, the declared default, the environment', async () => {
    const tui = run(['--input', 'VM_NAME=vm7', '--input', 'REGION=us-east-1']);
    const screen = await tui.waitFor('Enter runs this step');
    expect(screen).toContain('Inputs (i): VM_NAME=vm7, REGION=us-east-1, NAMESPACE=agents');
    tui.keys('i');
    let panel = await tui.waitFor('Inputs (5)');
    expect(panel).toContain('NAMESPACE = agents\n    from: the declared default');
    expect(panel).toContain('from: the environment ($MARK where runbook was started)');
    // The list scrolls to the one selected.
    tui.keys('Down', 'Down', 'Down');
    panel = await tui.waitFor('› REGION = us-east-1');
    expect(panel).toContain('REGION = us-east-1\n    from: --input\n    declared one of eu-west-1, us-east-1: where the cluster runs');
    tui.keys('Escape');
    await tui.waitFor('Enter runs this step');
    tui.keys('q');
    await tui.waitFor('[exit 130]');
  });
});
