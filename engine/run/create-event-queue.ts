/**
 * Joins the runner's producer (steps, output callbacks, hint timer) to the async generator the
 * caller pulls from. `drained()` resolves once the consumer has handled every event pushed so far
 * (it came back for the next one), so a step starts only after the journal wrote the previous ones.
 */
export interface EventQueue<T> {
  push(item: T): void;
  /** No more items; `error` is thrown to the consumer after the pending items. */
  close(error?: unknown): void;
  drained(): Promise<void>;
  [Symbol.asyncIterator](): AsyncGenerator<T>;
}

export function createEventQueue<T>(): EventQueue<T> {
  const items: T[] = [];
  let closed = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let waitingConsumer = false;
  const drainWaiters: Array<() => void> = [];

  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const releaseDrainWaiters = (): void => {
    for (const resolve of drainWaiters.splice(0)) resolve();
  };

  return {
    push(item) {
      if (closed) return;
      items.push(item);
      waitingConsumer = false;
      notify();
    },
    close(error) {
      if (closed) return;
      closed = true;
      if (error !== undefined) failure = { error };
      notify();
    },
    drained() {
      if ((items.length === 0 && waitingConsumer) || closed) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    async *[Symbol.asyncIterator]() {
      try {
        while (true) {
          if (items.length > 0) {
            yield items.shift()!;
            continue;
          }
          if (closed) break;
          waitingConsumer = true;
          releaseDrainWaiters();
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        if (failure) throw failure.error;
      } finally {
        closed = true;
        releaseDrainWaiters();
      }
    },
  };
}
