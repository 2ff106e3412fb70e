import type { ErrorObject } from 'ajv';
import { validateScenario as validate } from '../generated/schema-validators.js';
import { instancePath } from '../check/instance-path.js';
import type { SchemaProblem } from '../check/schema-problems.js';

const WHERE: Record<string, string> = {
  '': 'scenario',
  commands: 'command rule',
  goal: 'goal',
  hints: 'hint',
  when: '`when`',
  set: '`set`',
};

/** Checks a parsed scenario against `schemas/scenario.schema.json` (compiled at build time); one problem per place, in document order. */
export function validateScenarioSchema(data: unknown): SchemaProblem[] {
  if (validate(data)) return [];
  const byPlace = new Map<string, SchemaProblem & { rank: number }>();
  for (const error of validate.errors ?? []) {
    const problem = describe(error, data);
    if (!problem) continue;
    const key = JSON.stringify([problem.path, problem.part]);
    const existing = byPlace.get(key);
    if (!existing || problem.rank < existing.rank) byPlace.set(key, problem);
  }
  // A deeper problem explains a `oneOf` failure above it better than the `oneOf` does.
  const problems = [...byPlace.values()];
  return problems
    .filter((p) => !(p.rank >= 5 && problems.some((q) => q !== p && q.path.length > p.path.length && p.path.every((s, i) => q.path[i] === s))))
    .map(({ path, part, reason }) => ({ path, part, reason }));
}

function where(path: (string | number)[]): string {
  const last = [...path].reverse().find((s) => typeof s === 'string');
  return WHERE[typeof last === 'string' ? last : ''] ?? `\`${String(last)}\``;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

function valueAt(path: (string | number)[], data: unknown): unknown {
  let node = data;
  for (const step of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  return node;
}

function describe(error: ErrorObject, data: unknown): (SchemaProblem & { rank: number }) | undefined {
  const path = instancePath(error.instancePath, data);
  const value = valueAt(path, data);
  const params = error.params as Record<string, unknown>;
  const shown = typeof value === 'string' ? `\`${value}\`` : kindOf(value);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return { path: [...path, key], part: 'key', rank: 0, reason: `Unexpected key \`${key}\` in ${where(path)}, expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}` };
    }
    case 'required':
      return { path, part: 'value', rank: 1, reason: `Missing \`${String(params.missingProperty)}\` in ${where(path)}` };
    case 'propertyNames':
      return undefined;
    case 'pattern':
      if (error.schemaPath.includes('duration')) {
        return { path, part: 'value', rank: 2, reason: `Unexpected duration ${shown}, expected a duration such as \`30s\`, \`5m\`, \`1h\`` };
      }
      if (path[0] === 'passthrough') return { path, part: 'value', rank: 2, reason: `Unexpected passthrough ${shown}, expected a command name (no path, no spaces)` };
      if (error.propertyName !== undefined) {
        const what = path[0] === 'inputs' ? 'input name' : 'state variable name';
        return { path: [...path, error.propertyName], part: 'key', rank: 2, reason: `Unexpected ${what} \`${error.propertyName}\`, expected letters, digits${what === 'input name' ? ' and `_`' : ', `_` and `-`'}` };
      }
      return { path, part: 'value', rank: 2, reason: `Unexpected ${shown}, expected ${error.message ?? 'another value'}` };
    case 'minLength':
      return { path, part: 'value', rank: 2, reason: `Unexpected empty \`${String(path[path.length - 1])}\`` };
    case 'minimum':
    case 'maximum':
      return { path, part: 'value', rank: 2, reason: `Unexpected \`${String(value)}\` for \`${String(path[path.length - 1])}\`, expected ${error.message ?? ''}` };
    case 'minItems':
      return { path, part: 'value', rank: 2, reason: `Unexpected empty list, expected at least one value` };
    case 'type':
      return { path, part: 'value', rank: 3, reason: `Unexpected ${shown} for \`${String(path[path.length - 1] ?? 'scenario')}\`, expected ${typeWords(params.type)}` };
    case 'oneOf':
      return { path, part: 'value', rank: 5, reason: `Unexpected ${shown} for \`${String(path[path.length - 1])}\`, expected ${path[0] === 'state' ? 'a word or a mapping of state variables' : 'a value or a list of values'}` };
    default:
      return { path, part: 'value', rank: 4, reason: `Unexpected value for \`${String(path[path.length - 1] ?? 'scenario')}\`: ${error.message ?? error.keyword}` };
  }
}

function typeWords(type: unknown): string {
  const names: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'a mapping', array: 'a list' };
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => names[String(t)] ?? String(t)).join(' or ');
}
