import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunStore, type RunStore } from '../../engine/tui/create-run-store.js';
import { initialTuiState } from '../../engine/tui/run-reducer.js';
import { RunApp } from '../../engine/tui/RunApp.js';
import { createTheme } from '../../engine/tui/theme.js';
import { ThemeContext } from '../../engine/tui/theme-context.js';
import type { Mode } from '../../engine/contracts/run-event.js';
import { graph, runStarted, stepFinished, stepStarted } from './tui-fixtures.js';

// eslint-disable-next-line no-control-regex
const plain = (frame: string | undefined): string => (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const tick = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function mount(size = { columns: 80, rows: 24 }, mode: Mode = 'live') {
  const store: RunStore = createRunStore(initialTuiState(graph(), mode));
  const app = render(
    <ThemeContext.Provider value={createTheme(true)}>
      <RunApp store={store} graph={graph()} mask={(text) => text.replaceAll('hunter2', '••••••')} size={size} />
    </ThemeContext.Provider>,
  );
  cleanups.push(() => {
    app.unmount();
    store.close();
  });
  return { store, app, frame: () => plain(app.lastFrame()) };
}

describe('RunApp', () => {
  it('fits 80×24: header, outline, the step with rendered prose and its command, keys', async () => {
    const { store, frame } = mount();
    store.dispatch({ type: 'event', event: runStarted() });
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'before-step', id: 1, stepId: 'pods', command: 'kubectl get pods -n "${NAMESPACE}"' } });
    await tick();
    const lines = frame().split('\n');
    expect(lines).toHaveLength(23);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^Agent not responding +LIVE  00:00$/);
    const screen = frame();
    expect(screen).toContain('Look at the pods first: the STATUS column tells which\n');
    expect(screen).not.toContain('**');
    expect(screen).toContain('$ kubectl get pods -n $NAMESPACE');
    expect(screen).toContain('›○ Check the agent pods');
    expect(screen).toContain('Enter runs this step');
    expect(lines.at(-1)).toContain('Enter run  e edit  s skip  g go to  n note  ? help  q quit');
  });

  it('shows REHEARSAL and a DANGER badge, and asks for the typed phrase', async () => {
    const { store, frame } = mount({ columns: 80, rows: 24 }, 'rehearsal');
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'confirm', id: 1, stepId: 'restart', phrase: 'restart agent' } });
    await tick();
    expect(frame()).toContain('REHEARSAL');
    expect(frame()).toMatch(/Restart the agent +DANGER/);
    expect(frame()).toContain('DANGER: type "restart agent" to run it (Esc refuses)');
  });

  it('while a step runs: spinner, elapsed time, live output; after: checks, captures and the branch with why', async () => {
    const { store, frame } = mount();
    store.dispatch({ type: 'event', event: runStarted() });
    store.dispatch({ type: 'event', event: stepStarted('pods', 1, { title: 'Check the agent pods' }) });
    store.output('pods', 'NAME               READY   STATUS\nagent-7d9f8c-xyz   0/1     CrashLoopBackOff\n');
    store.flush();
    await tick();
    expect(frame()).toMatch(/running \d\d:\d\d · Ctrl-C stops it/);
    expect(frame()).toContain('agent-7d9f8c-xyz   0/1     CrashLoopBackOff');
    store.dispatch({
      type: 'event',
      event: stepFinished('pods', 'crashloop', {
        branch: { target: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/ → crashloop' },
        checks: [{ name: 'expect', passed: true, expected: 'exit 0', actual: 'exit 0' }],
        captures: { POD: 'agent-7d9f8c-xyz' },
      }),
    });
    await tick();
    const screen = frame();
    expect(screen).toContain('✔ passed in 1.0s (exit 0)');
    expect(screen).toContain('→ stdout matched /CrashLoopBackOff/ → Crash loop');
    expect(screen).toContain('✔ expect: exit 0 — came: exit 0');
    expect(screen).toContain('= POD = agent-7d9f8c-xyz');
    expect(screen).toContain('✔ Check the agent pods');
    expect(screen).toContain('– Check the health end…');
  });

  it('masks secret inputs as they are typed', async () => {
    const { store, app, frame } = mount();
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'input', id: 1, stepId: 'pods', name: 'TOKEN', secret: true } });
    await tick();
    app.stdin.write('hunter2');
    await tick();
    expect(frame()).toContain('TOKEN (secret): •••••••');
    expect(frame()).not.toContain('hunter2');
  });

  it('? shows every key; g opens the step picker', async () => {
    const { store, app, frame } = mount();
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'before-step', id: 1, stepId: 'pods', command: 'echo' } });
    await tick();
    app.stdin.write('?');
    await tick();
    expect(frame()).toContain('edit the command before it runs (recorded; Ctrl-O: $EDITOR)');
    app.stdin.write('x');
    await tick();
    app.stdin.write('g');
    await tick();
    app.stdin.write('rest');
    await tick();
    expect(frame()).toContain('Go to step: rest');
    expect(frame()).toContain('Restart the agent');
    expect(frame()).not.toContain('Crash loop (crashloop)');
  });

  it('uses the room of a bigger terminal', async () => {
    const { store, frame } = mount({ columns: 120, rows: 40 });
    store.dispatch({ type: 'event', event: stepStarted('pods') });
    store.output('pods', Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    store.flush();
    await tick();
    const lines = frame().split('\n');
    expect(lines).toHaveLength(39);
    expect(lines.filter((line) => /line \d+/.test(line)).length).toBeGreaterThan(25);
  });
});

describe('RunApp prompts', () => {
  it('puts a long question and its choices on rows of their own', async () => {
    const { store, frame } = mount();
    const question = 'Did the crashes start right after the latest revision was rolled out to the cluster?';
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'ask', id: 1, stepId: 'pods', question, choices: ['Yes, roll back', 'No'] } });
    await tick();
    const lines = frame().split('\n');
    expect(lines.at(-3)).toBe('Did the crashes start right after the latest revision was rolled out to the clu…');
    expect(lines.at(-2)).toBe(' 1 Yes, roll back   2 No');
  });

  it('shows the branch reason, then where it leads', async () => {
    const { store, frame } = mount();
    store.dispatch({ type: 'event', event: stepStarted('pods') });
    store.dispatch({
      type: 'open-prompt',
      prompt: { kind: 'override-branch', id: 1, stepId: 'pods', chosen: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/ → crashloop' },
    });
    await tick();
    const lines = frame().split('\n');
    expect(lines.at(-3)).toBe('Branch: stdout matched /CrashLoopBackOff/');
    expect(lines.at(-2)).toBe('→ Crash loop · Enter follows · g picks another');
    expect(frame()).toContain('■ finished · waiting for your choice');
  });

  it('offers retry, skip, go to and stop after a failure', async () => {
    const { store, frame } = mount();
    store.dispatch({ type: 'event', event: stepStarted('pods') });
    store.dispatch({ type: 'event', event: stepFinished('pods', null, { status: 'failed', exitCode: null, signal: 'SIGTERM', message: 'stopped by the operator' }) });
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'after-failure', id: 2, stepId: 'pods' } });
    await tick();
    expect(frame()).toContain('✘ failed in 1.0s (stopped (SIGTERM))');
    expect(frame()).toContain('! stopped by the operator');
    expect(frame()).toContain('The step failed:  1 Retry   2 Skip   3 Go to…   4 Stop');
    expect(frame().split('\n').at(-1)).toBe('r retry  s skip  g go to  x stop  n note  ? help  q quit');
  });
});

describe('RunApp overlays', () => {
  it('help and the picker take the whole width, from the first column', async () => {
    const { store, frame } = mount();
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'before-step', id: 1, stepId: 'pods', command: 'echo' } });
    await tick();
    store.dispatch({ type: 'key', input: '?', key: {} });
    await tick();
    expect(frame().split('\n')[1]).toBe('Keys');
    store.dispatch({ type: 'key', input: 'x', key: {} });
    store.dispatch({ type: 'key', input: 'g', key: {} });
    await tick();
    expect(frame().split('\n').slice(1, 3)).toEqual(['Go to step:', '›○ Check the agent pods (pods)']);
  });
});
