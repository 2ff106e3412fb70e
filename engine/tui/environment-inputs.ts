import { isSecretName } from '../graph/secret-names.js';
import type { TuiState } from './tui-state.js';

/**
 * A live run reads the inputs it is not given from the operator's environment (`$NAMESPACE`
 * exported in the shell that started it): the inputs panel says so. Rehearsals never do.
 */
export function environmentInputs(state: TuiState, env: Record<string, string | undefined>): TuiState {
  if (state.mode !== 'live') return state;
  const inputs = { ...state.inputs };
  for (const name of Object.keys(state.inputSpecs)) {
    const value = env[name];
    if (value === undefined || inputs[name]) continue;
    const secret = state.inputSpecs[name]?.secret === true || isSecretName(name);
    inputs[name] = { ...(secret ? {} : { value }), secret, source: `the environment ($${name} where runbook was started)` };
  }
  return { ...state, inputs };
}
