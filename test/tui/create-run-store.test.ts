import { describe, expect, it } from 'vitest';
import { createRunStore } from '../../engine/tui/create-run-store.js';
import { initialTuiState } from '../../engine/tui/run-reducer.js';
import type { Effect } from '../../engine/tui/tui-state.js';
import { graph, stepStarted } from './tui-fixtures.js';

describe('createRunStore', () => {
  it('merges the output of one frame into one update', async () => {
    const store = createRunStore(initialTuiState(graph(), 'live'), { frameMs: 20 });
    let updates = 0;
    store.subscribe(() => updates++);
    for (let i = 0; i < 10_000; i++) store.output('pods', `line ${i}\n`);
    expect(updates).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(updates).toBe(1);
    expect(store.getState().scrollback.lines.at(-1)).toBe('line 9999');
    store.close();
  });

  it('holds a bounded amount of output between frames, keeping the newest', () => {
    const store = createRunStore(initialTuiState(graph(), 'live'), { frameMs: 10_000, maxPendingChars: 100_000 });
    const chunk = 'y'.repeat(99) + '\n';
    const before = process.memoryUsage().heapUsed;
    // 100 MB in 64 KiB chunks, as a flooding step sends it.
    const block = chunk.repeat(655);
    for (let sent = 0; sent < 100_000_000; sent += block.length) store.output('pods', block);
    store.output('pods', 'last line\n');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50_000_000);
    store.flush();
    const { scrollback } = store.getState();
    expect(scrollback.lines.at(-1)).toBe('last line');
    expect(scrollback.lines.length).toBeLessThanOrEqual(scrollback.maxLines);
    store.close();
  });

  it('applies queued output before the next event, keeping the order', () => {
    const store = createRunStore(initialTuiState(graph(), 'live'), { frameMs: 10_000 });
    store.output('pods', 'from pods\n');
    store.flush();
    store.dispatch({ type: 'event', event: stepStarted('health') });
    expect(store.getState().scrollback.lines).toEqual(['from pods', '── health ──']);
    store.close();
  });

  it('performs the effects the reducer queues, once', () => {
    const effects: Effect[] = [];
    const store = createRunStore(initialTuiState(graph(), 'live'), { onEffect: (effect) => effects.push(effect) });
    store.dispatch({ type: 'event', event: stepStarted('pods') });
    store.dispatch({ type: 'interrupt' });
    store.dispatch({ type: 'key', input: 'x', key: {} });
    expect(effects).toEqual([{ kind: 'cancel-step' }]);
    expect(store.getState().effects).toEqual([]);
    store.close();
  });
});
