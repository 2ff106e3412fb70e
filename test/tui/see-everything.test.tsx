// Nothing the operator must read is cut off: the step whole (v), the outline one key away at 60
// columns (l), output wrapped and scrolled to its first line.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunStore, type RunStore } from '../../engine/tui/create-run-store.js';
import { initialTuiState } from '../../engine/tui/run-reducer.js';
import { RunApp } from '../../engine/tui/RunApp.js';
import { outputWindow } from '../../engine/tui/OutputPane.js';
import { createTheme } from '../../engine/tui/theme.js';
import { ThemeContext } from '../../engine/tui/theme-context.js';
import type { StepGraph } from '../../engine/contracts/step-graph.js';
import { graph, runStarted, stepFinished, stepStarted } from './tui-fixtures.js';

// eslint-disable-next-line no-control-regex
const plain = (frame: string | undefined): string => (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const tick = (ms = 40): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

const longCommand = Array.from({ length: 12 }, (_, i) => `kubectl annotate pod agent-${i} runbook/checked=yes --overwrite  # line ${i + 1}`).join('\n');

function withLongStep(): StepGraph {
  const base = graph();
  base.steps[0] = { ...base.steps[0]!, command: longCommand, prose: 'Annotate **every** pod. '.repeat(12) };
  return base;
}

function mount(columns: number, rows: number, steps = withLongStep()) {
  const store: RunStore = createRunStore(initialTuiState(steps, 'live'));
  const app = render(
    <ThemeContext.Provider value={createTheme(true)}>
      <RunApp store={store} graph={steps} mask={(text) => text} size={{ columns, rows }} />
    </ThemeContext.Provider>,
  );
  cleanups.push(() => {
    app.unmount();
    store.close();
  });
  return { store, app, frame: () => plain(app.lastFrame()) };
}

describe('see everything', () => {
  it('v shows the whole command and prose full-screen; the reader scrolls to the end', async () => {
    const { store, app, frame } = mount(80, 24);
    store.dispatch({ type: 'event', event: runStarted() });
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'before-step', id: 1, stepId: 'pods', command: longCommand } });
    await tick();
    expect(frame()).toContain('… (+');
    app.stdin.write('v');
    await tick();
    const first = frame();
    expect(first).toContain('Annotate every pod.');
    expect(first).toMatch(/lines 1–\d+ of \d+/);
    app.stdin.write('\u001b[F'); // End
    await tick();
    const last = frame();
    expect(last).toContain('kubectl annotate pod agent-11 runbook/checked=yes --overwrite  # line 12');
    expect(last).toContain('kubectl annotate pod agent-10');
    app.stdin.write('\u001b');
    await tick(80);
    expect(frame()).not.toMatch(/lines \d+–/);
  });

  it('the checks whole: expected and what came, a diff of many lines', async () => {
    const { store, app, frame } = mount(80, 40);
    store.dispatch({ type: 'event', event: runStarted() });
    store.dispatch({ type: 'event', event: stepStarted('pods') });
    const diff = Array.from({ length: 8 }, (_, i) => `-expected line ${i}\n+actual line ${i}`).join('\n');
    store.dispatch({ type: 'event', event: stepFinished('pods', null, { status: 'failed', checks: [{ name: 'expected output', passed: false, expected: 'the transcript at line 12', actual: diff }] }) });
    await tick();
    app.stdin.write('v');
    await tick();
    expect(frame()).toContain('✘ expected output: expected the transcript at line 12');
    expect(frame()).toContain('+actual line 7');
  });

  it('at 60 columns the current title stays visible and l shows the outline with each state', async () => {
    const { store, app, frame } = mount(60, 24, graph());
    store.dispatch({ type: 'event', event: runStarted() });
    store.dispatch({ type: 'event', event: stepStarted('pods') });
    store.dispatch({ type: 'event', event: stepFinished('pods', 'crashloop') });
    store.dispatch({ type: 'open-prompt', prompt: { kind: 'before-step', id: 2, stepId: 'crashloop', command: 'kubectl logs "$POD" --previous' } });
    await tick();
    expect(frame()).toContain('○ Crash loop');
    expect(frame()).not.toContain('Check the health endpoint');
    app.stdin.write('l');
    await tick();
    const outline = frame();
    expect(outline).toContain('✔ Check the agent pods · passed');
    expect(outline).toContain('– Check the health endpoint · not taken');
    expect(outline).toContain('○ Crash loop · not run yet');
  });

  it('output lines wrap, and scrolled to the first line the pane is full from it', () => {
    const lines = ['x'.repeat(130), ...Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)];
    expect(outputWindow(lines, 0, 4, 50)).toEqual(['line 27', 'line 28', 'line 29', 'line 30']);
    expect(outputWindow(lines, lines.length, 5, 50)).toEqual(['x'.repeat(50), 'x'.repeat(50), 'x'.repeat(30), 'line 1', 'line 2']);
  });
});
