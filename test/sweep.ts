/**
 * Sweeps: tests that repeat one check over a population (every scenario under runbooks/, every
 * malformed runbook through `run`, every kill moment). `npm test` takes a fixed sample of each,
 * the same on every run; `RUNBOOK_SWEEP=all` (`npm run test:sweeps`, which CI runs before a
 * change lands) takes the whole population; that script names the files that import this one,
 * so a new sweep is added there too. docs/testing.md, "Sweeps", says why and which.
 */
export const SWEEP_ALL = process.env.RUNBOOK_SWEEP === 'all';

/**
 * `items` whole under `RUNBOOK_SWEEP=all`; otherwise the first item of each group that `groupOf`
 * names (every group keeps one), in the items' own order.
 */
export function sampleByGroup<T>(items: readonly T[], groupOf: (item: T) => string): T[] {
  if (SWEEP_ALL) return [...items];
  const seen = new Set<string>();
  return items.filter((item) => {
    const group = groupOf(item);
    if (seen.has(group)) return false;
    seen.add(group);
    return true;
  });
}

/** `items` whole under `RUNBOOK_SWEEP=all`; otherwise `count` of them, evenly spaced, the first included. */
export function sampleEvenly<T>(items: readonly T[], count: number): T[] {
  if (SWEEP_ALL || items.length <= count) return [...items];
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)]!);
}
