/**
 * What a run knows as it goes, in one plain object: the loop and the step kinds read and change
 * it through the few functions here (values, secrets, the shell state the next command gets).
 */
import type { ShellState } from '../contracts/run-event.js';
import { PER_COMMAND_VARIABLES, type Masker, type RunOptions } from '../contracts/run-seams.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { isSecretName, secretNames as secretNamesOf } from '../graph/secret-names.js';
import { cleanEnv } from '../shell/spawn/clean-env.js';
import { createMasker, MASK } from './create-masker.js';

/** Shell bookkeeping left out of the state delta (the directory is in `cwd`; the run and step ids, and a traced step's trace context, are the runner's, set for each step). */
const NOT_STATE = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', ...PER_COMMAND_VARIABLES]);

export interface RunState {
  graph: StepGraph;
  /** Step ids by their position in the document. */
  positions: Map<string, number>;
  /** The environment the run started with (`step-finished.state` is relative to it). */
  baseEnv: Record<string, string>;
  /** Names declared secret (or given as secret); names that say secret count too (`isSecret`). */
  secretNames: Set<string>;
  /** Secret values taught to the masker, by name (so a value is taught once). */
  learned: Map<string, string>;
  masker: Masker;
  /** Inputs and captured values. */
  vars: Record<string, string>;
  /** The shell state the next command starts from. */
  shell: ShellState;
  /** How often each step was entered. */
  visits: Record<string, number>;
}

export function createRunState(options: RunOptions): RunState {
  const { graph } = options;
  const baseEnv = cleanEnv(options.env ?? process.env);
  const vars: Record<string, string> = { ...options.inputs, ...(options.start?.vars ?? {}) };
  const state: RunState = {
    graph,
    positions: new Map(graph.steps.map((step, position) => [step.id, position])),
    baseEnv,
    secretNames: new Set([...(options.secretNames ?? []), ...secretNamesOf(graph)]),
    learned: new Map(),
    masker: options.masker ?? createMasker(),
    vars,
    shell: {
      env: { ...baseEnv, ...withoutMasked(options.start?.state?.env ?? {}), ...vars },
      cwd: options.start?.state?.cwd ?? options.cwd ?? process.cwd(),
    },
    visits: { ...(options.start?.visits ?? {}) },
  };
  learnSecrets(state, baseEnv);
  learnSecrets(state, state.shell.env);
  return state;
}

/** Declared secret, or named like a secret (`*PASSWORD*`, `*TOKEN*`, `*_KEY`…). */
export function isSecret(state: RunState, name: string): boolean {
  return state.secretNames.has(name) || isSecretName(name);
}

/** Teaches the masker the secret values of a record (an environment, the variables). */
export function learnSecrets(state: RunState, record: Record<string, string>): void {
  const values: string[] = [];
  for (const name in record) {
    const value = record[name]!;
    if (state.learned.get(name) === value || !isSecret(state, name)) continue;
    state.learned.set(name, value);
    values.push(value);
  }
  if (values.length > 0) state.masker.add(values);
}

/** An input or a capture: a variable of the run and of the shell. */
export function setVar(state: RunState, name: string, value: string): void {
  if (isSecret(state, name) && state.learned.get(name) !== value) {
    state.learned.set(name, value);
    state.masker.add([value]);
  }
  state.vars[name] = value;
  state.shell.env[name] = value;
}

export function unsetVar(state: RunState, name: string): void {
  delete state.vars[name];
  delete state.shell.env[name];
}

/** Variables added or changed relative to the environment the run started with. */
export function stateDelta(state: RunState): ShellState {
  const env: Record<string, string> = {};
  for (const name in state.shell.env) {
    const value = state.shell.env[name]!;
    if (!NOT_STATE.has(name) && state.baseEnv[name] !== value) env[name] = value;
  }
  return { env, cwd: state.shell.cwd };
}

function withoutMasked(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !value.includes(MASK)));
}
