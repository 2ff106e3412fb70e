import type { VFile } from 'vfile';
import type { RawAnnotation, YamlPath } from '../parse/types.js';
import { jsonPathError } from './check-json-path.js';
import { parseTextMatcher, regexError, splitRegexLiteral } from './parse-text-matcher.js';
import { reportProblem } from './report-problem.js';
import type { Condition, JsonTest, Stream, TextMatcher } from '../contracts/step-graph.js';

const STREAMS: Stream[] = ['stdout', 'stderr', 'output'];
const JSON_OPS = ['lt', 'lte', 'gt', 'gte', 'eq', 'ne', 'in', 'regex'] as const;

/**
 * A condition as written (`{ exit: 0 }`, `{ stdout: /x/ }`, `{ all: [...] }`…) → `Condition`.
 * Several keys in one condition must all hold. Problems are reported at their YAML node;
 * wrongly typed parts are left to the schema and skipped here.
 */
export function compileCondition(value: unknown, path: YamlPath, annotation: RawAnnotation, file: VFile): Condition | undefined {
  if (!isRecord(value)) return undefined;
  const parts: Condition[] = [];
  const error = (reason: string, at: YamlPath) => {
    reportProblem(file, reason, annotation.place(at), 'condition');
  };
  for (const [key, raw] of Object.entries(value)) {
    const at = [...path, key];
    if (key === 'exit') {
      const codes = exitCodes(raw);
      if (codes === undefined) error(`Unexpected exit \`${String(raw)}\`, expected a code (0–255), a list of codes or \`nonzero\``, at);
      else parts.push({ kind: 'exit', codes });
    } else if ((STREAMS as string[]).includes(key)) {
      const match = textMatcher(raw, at);
      if (match) parts.push({ kind: 'text', stream: key as Stream, match });
    } else if (key === 'json' && isRecord(raw)) {
      for (const [jsonPath, test] of Object.entries(raw)) {
        const problem = jsonPathError(jsonPath);
        if (problem) {
          reportProblem(file, `Invalid JSONPath \`${jsonPath}\`: ${problem}`, annotation.place([...at, jsonPath], 'key'), 'json-path');
          continue;
        }
        for (const compiled of jsonTests(test, [...at, jsonPath])) parts.push({ kind: 'json', path: jsonPath, test: compiled });
      }
    } else if (key === 'var' && isRecord(raw)) {
      for (const [name, text] of Object.entries(raw)) {
        const match = textMatcher(text, [...at, name]);
        if (match) parts.push({ kind: 'var', name, match });
      }
    } else if ((key === 'all' || key === 'any') && Array.isArray(raw)) {
      const of = raw.flatMap((item, index) => compileCondition(item, [...at, index], annotation, file) ?? []);
      parts.push({ kind: key, of });
    } else if (key === 'not' && isRecord(raw)) {
      const of = compileCondition(raw, at, annotation, file);
      if (of) parts.push({ kind: 'not', of });
    }
  }
  if (Object.keys(value).length === 0) error('Unexpected empty condition, expected a key such as `exit`, `stdout` or `json`', path);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { kind: 'all', of: parts };

  function textMatcher(raw: unknown, at: YamlPath): TextMatcher | undefined {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return undefined;
    const text = String(raw);
    const match = parseTextMatcher(text, annotation.place(at).start.line);
    if (match.kind === 'regex') {
      const problem = regexError(match.source, match.flags);
      if (problem) {
        reportProblem(file, `Invalid regex \`${text}\`: ${problem}`, annotation.place(at), 'regex');
        return undefined;
      }
    }
    return match;
  }

  function jsonTests(test: unknown, at: YamlPath): JsonTest[] {
    const keys = isRecord(test) ? Object.keys(test) : [];
    const isOp = (key: string) => (JSON_OPS as readonly string[]).includes(key);
    const isOps = keys.length > 0 && keys.every(isOp);
    // `{ greater: 1 }` would be compared for equality with that object and never hold.
    const unknown = keys.find((key) => !isOp(key) && (keys.some(isOp) || looksLikeOperator(key)));
    if (unknown !== undefined) {
      reportProblem(
        file,
        `Unexpected operator \`${unknown}\`, expected one of ${JSON_OPS.map((op) => `\`${op}\``).join(', ')} (to compare with an object holding \`${unknown}\`, write it under \`eq\`)`,
        annotation.place([...at, unknown], 'key'),
        'condition',
      );
      return [];
    }
    if (!isRecord(test) || !isOps) return [{ op: 'equals', value: test }];
    const tests: JsonTest[] = [];
    for (const [op, operand] of Object.entries(test)) {
      const where = [...at, op];
      if (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
        if (typeof operand === 'number') tests.push({ op, value: operand });
        else error(`Unexpected \`${op}: ${String(operand)}\`, expected a number`, where);
      } else if (op === 'eq' || op === 'ne') tests.push({ op, value: operand });
      else if (op === 'in') {
        if (Array.isArray(operand)) tests.push({ op, value: operand });
        else error('Unexpected `in` value, expected a list', where);
      } else if (op === 'regex') {
        const text = String(operand);
        const literal = splitRegexLiteral(text) ?? { source: text, flags: '' };
        const problem = regexError(literal.source, literal.flags);
        if (problem) reportProblem(file, `Invalid regex \`${text}\`: ${problem}`, annotation.place(where), 'regex');
        else tests.push({ op: 'regex', ...literal });
      }
    }
    return tests;
  }
}

/** Comparison words of other tools (and symbols) an author may write for ours. */
const OPERATOR_LIKE = /^(\$\w+|[<>=!]=?|==|greater(_?than)?|greaterThan(OrEqual)?|less(_?than)?|lessThan(OrEqual)?|ge|le|gteq|lteq|neq|not_?equals?|equals?|match(es)?|nin|not_?in)$/i;

function looksLikeOperator(key: string): boolean {
  return OPERATOR_LIKE.test(key);
}

function exitCodes(raw: unknown): number[] | 'nonzero' | undefined {
  const isCode = (code: unknown): code is number => Number.isInteger(code) && (code as number) >= 0 && (code as number) <= 255;
  if (raw === 'nonzero') return 'nonzero';
  if (isCode(raw)) return [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isCode)) return raw;
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
