// Issue 15, "what it must show": `runbook run` of the prometheus-operator KubePodCrashLooping
// runbook (no shell fence: its commands are inline code in a list) in a real terminal (tmux,
// 80×24) offers its commands as steps and asks for NAMESPACE and POD; the first step then runs
// with them (a stub `kubectl` prints what it was given). The runbook is read from ../shared
// (or $RUNBOOK_SHARED), never copied here; without it the test is skipped with a message.
// (The CLI is built by the global setup.)
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTmux, tmuxAvailable, type TmuxSession } from './tmux-session.js';

const root = resolve(import.meta.dirname, '../..');
const shared = resolve(root, process.env.RUNBOOK_SHARED ?? '../shared');
const crashLooping = join(shared, 'corpus/prometheus-operator__runbooks__content__runbooks__kubernetes__KubePodCrashLooping.md');
if (!existsSync(crashLooping)) console.warn(`lift-crashlooping-tmux: skipped, ${crashLooping} is absent (set RUNBOOK_SHARED to the shared folder)`);

let mark = '';
let session: TmuxSession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
  if (mark) rmSync(mark, { recursive: true, force: true });
});

describe.skipIf(!tmuxAvailable() || !existsSync(crashLooping))('KubePodCrashLooping in a real terminal (tmux, 80×24)', () => {
  it('offers its commands as steps, asks for NAMESPACE and POD, and runs the first with them', async () => {
    mark = mkdtempSync(join(tmpdir(), 'runbook-tui-'));
    const bin = join(mark, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\necho "stub kubectl $*"\n');
    chmodSync(join(bin, 'kubectl'), 0o755);
    const command = [join(root, 'bin/runbook.js'), 'run', crashLooping, '--journal', join(mark, 'journal')];
    session = startTmux(`crashloop-${Math.random().toString(36).slice(2, 8)}`, command, {
      cwd: root,
      env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: mark, TERM: 'xterm-256color', NO_COLOR: '1' },
    });
    let screen = await session.waitFor(/^NAMESPACE:/m, 20_000);
    // The lifted steps, in the step list, named by what the prose says they do, marked ≈ (lifted).
    for (const title of ['Check template', 'Check pod events', 'Check pod logs']) expect(screen).toContain(`○ ≈ ${title}`);
    expect(screen).toContain('○ Check template ≈ lifted from prose');
    expect(screen).toContain('$ kubectl -n $NAMESPACE get pod $POD');
    expect(screen).toContain('Input $NAMESPACE for "Check template"');
    session.type('monitoring');
    session.keys('Enter');
    screen = await session.waitFor(/^POD:/m);
    expect(screen).toContain('Input $POD for "Check template"');
    session.type('web-0');
    session.keys('Enter');
    screen = await session.waitFor('Inputs (i): NAMESPACE=monitoring, POD=web-0');
    session.keys('Enter');
    await session.waitFor('stub kubectl -n monitoring get pod web-0');
  }, 60_000);
});
