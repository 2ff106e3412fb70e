/**
 * The stop of one command step, over all its attempts and the delays between them: the run's
 * stop (Ctrl-C, a journal that cannot write) and the operator's (`controls.cancelStep`) both end
 * the running command and any pending retry at once.
 */
import type { RunContext } from './run-context.js';

export interface StepStop {
  readonly signal: AbortSignal;
  /** The operator stopped the step (not the run): it fails and its `on-failure` applies. */
  readonly byOperator: boolean;
  /** The step is over: detach from the run and the controls. */
  dispose(): void;
}

export function createStepStop(context: RunContext): StepStop {
  const controller = new AbortController();
  const { controls } = context.options;
  let byOperator = false;
  const onRunStop = (): void => controller.abort();
  if (context.stopSignal.aborted) controller.abort();
  else context.stopSignal.addEventListener('abort', onRunStop, { once: true });
  if (controls) {
    controls.cancelStep = () => {
      byOperator = true;
      controller.abort();
    };
  }
  return {
    signal: controller.signal,
    get byOperator() {
      return byOperator;
    },
    dispose() {
      context.stopSignal.removeEventListener('abort', onRunStop);
      if (controls) controls.cancelStep = undefined;
    },
  };
}
