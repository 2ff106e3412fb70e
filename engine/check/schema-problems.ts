import type { ErrorObject } from 'ajv';
import { validateDocument, validateStep } from '../generated/schema-validators.js';
import type { YamlPath } from '../parse/types.js';
import { instancePath } from './instance-path.js';

/** One schema problem: where (a path in the YAML, its key or its value) and why. */
export interface SchemaProblem {
  path: YamlPath;
  part: 'key' | 'value';
  reason: string;
}

/**
 * Checks annotation YAML against `schemas/step.schema.json` or `schemas/document.schema.json`
 * (compiled at build time by scripts/compile-schemas.mjs).
 */
export function schemaProblems(schema: 'step' | 'document', data: unknown): SchemaProblem[] {
  const validate = schema === 'step' ? validateStep : validateDocument;
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error, data);
    if (!problem) continue;
    const key = JSON.stringify([problem.path, problem.part]);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject, data: unknown): SchemaProblem | undefined {
  const path = instancePath(error.instancePath, data);
  const name = pathName(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const expected = allowed.length > 0 ? `, expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}` : '';
      return { path: [...path, key], part: 'key', reason: `Unexpected key \`${key}\`${name ? ` in \`${name}\`` : ''}${expected}` };
    }
    case 'type': {
      const named = Object.entries(NAMED_TYPES).find(([definition]) => error.schemaPath.includes(`/definitions/${definition}/`));
      const expected = named ? [named[1]] : ([] as string[]).concat(error.schema as string | string[]).map(typeName);
      return {
        path,
        part: 'value',
        reason: `Unexpected ${kindOf(error.data)}${name ? ` for \`${name}\`` : ''}, expected ${joinOr(expected)}`,
      };
    }
    case 'enum':
      // `expect`: a condition (a mapping), or the word `transcript` (the `then` of an if/then/else on strings).
      if (error.schemaPath.endsWith('/then/enum'))
        return {
          path,
          part: 'value',
          reason: `Unexpected text \`${String(error.data)}\`${name ? ` for \`${name}\`` : ''}, expected a mapping or ${(error.schema as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`,
        };
      return {
        path,
        part: 'value',
        reason: `Unexpected \`${String(error.data)}\`${name ? ` for \`${name}\`` : ''}, expected one of ${(error.schema as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`,
      };
    case 'required':
    case 'dependencies': {
      const missing = String(params.missingProperty);
      const because = error.keyword === 'dependencies' ? ` (needed with \`${String(params.property)}\`)` : '';
      return { path: error.keyword === 'dependencies' ? [...path, String(params.property)] : path, part: 'key', reason: `Missing key \`${missing}\`${because}${name ? ` in \`${name}\`` : ''}` };
    }
    case 'propertyNames':
    case 'if': // the branch taken (`then`/`else`) reports what is wrong
      return undefined;
    case 'pattern':
      if (params.propertyName !== undefined || error.propertyName !== undefined) {
        const key = String(error.propertyName ?? params.propertyName);
        return { path: [...path, key], part: 'key', reason: `Unexpected name \`${key}\`${name ? ` in \`${name}\`` : ''}, expected letters, digits and \`_\`` };
      }
      return { path, part: 'value', reason: `Unexpected \`${String(error.data)}\`${name ? ` for \`${name}\`` : ''}, expected letters, digits, \`_\`, \`.\` and \`-\`` };
    case 'minProperties':
      return { path, part: 'value', reason: `Unexpected empty ${kindOf(error.data)}${name ? ` for \`${name}\`` : ''}, expected at least ${String(params.limit)} ${Number(params.limit) === 1 ? 'entry' : 'entries'}` };
    case 'minLength':
      return { path, part: 'value', reason: `Unexpected empty text${name ? ` for \`${name}\`` : ''}` };
    case 'minimum':
      return { path, part: 'value', reason: `Unexpected \`${String(error.data)}\`${name ? ` for \`${name}\`` : ''}, expected ${String(params.limit)} or more` };
    default:
      return { path, part: 'value', reason: `Unexpected value${name ? ` for \`${name}\`` : ''}: ${error.message ?? error.keyword}` };
  }
}

/** Types the schemas name, described by what they hold rather than by their JSON type. */
const NAMED_TYPES: Record<string, string> = {
  duration: 'a duration such as `30s`, `5m` or `1m30s`',
  target: 'a target (a step id, `#heading`, `next`, `end:OUTCOME`, `stop` or `continue`)',
  condition: 'a condition such as `{ exit: 0 }` or `{ stdout: /ready/ }`',
};

/** `branch[0].when` */
function pathName(path: (string | number)[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'string') return `text \`${value.length > 30 ? value.slice(0, 30) + '…' : value}\``;
  return `${typeof value} \`${String(value)}\``;
}

function typeName(type: string): string {
  return { object: 'a mapping', array: 'a list', string: 'text', integer: 'an integer', number: 'a number', boolean: '`true` or `false`', null: 'nothing' }[type] ?? type;
}

function joinOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
