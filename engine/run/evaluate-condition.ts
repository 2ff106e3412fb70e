/**
 * Does a step's result meet a condition? Returns the verdict and what actually came, in words
 * (`exit 1`, `stdout was "…"`, `$.status was "down"`), for check results.
 */
import { JSONPath } from 'jsonpath-plus';
import type { Condition, JsonTest, TextMatcher } from '../contracts/step-graph.js';
import { transcriptMatches } from './match-transcript.js';

export interface ConditionContext {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  output: string;
  /** Inputs and captured variables. */
  vars: Record<string, string>;
}

export interface ConditionVerdict {
  passed: boolean;
  actual: string;
}

export function evaluateCondition(condition: Condition, context: ConditionContext): ConditionVerdict {
  switch (condition.kind) {
    case 'exit': {
      const code = context.exitCode;
      const passed =
        code !== null && (condition.codes === 'nonzero' ? code !== 0 : condition.codes.includes(code));
      return { passed, actual: code === null ? 'no exit code (killed)' : `exit ${code}` };
    }
    case 'text': {
      const text = context[condition.stream];
      return { passed: textMatches(condition.match, text), actual: `${condition.stream} was ${excerpt(text)}` };
    }
    case 'var': {
      const value = context.vars[condition.name];
      if (value === undefined) return { passed: false, actual: `$${condition.name} is not set` };
      return { passed: textMatches(condition.match, value), actual: `$${condition.name} was ${excerpt(value)}` };
    }
    case 'json':
      return evaluateJson(condition.path, condition.test, context.stdout);
    case 'all': {
      const verdicts = condition.of.map((inner) => evaluateCondition(inner, context));
      const failed = verdicts.filter((verdict) => !verdict.passed);
      return {
        passed: failed.length === 0,
        actual: (failed.length > 0 ? failed : verdicts).map((verdict) => verdict.actual).join('; '),
      };
    }
    case 'any': {
      const verdicts = condition.of.map((inner) => evaluateCondition(inner, context));
      const passed = verdicts.filter((verdict) => verdict.passed);
      return {
        passed: passed.length > 0,
        actual: (passed.length > 0 ? passed : verdicts).map((verdict) => verdict.actual).join('; '),
      };
    }
    case 'not': {
      const inner = evaluateCondition(condition.of, context);
      return { passed: !inner.passed, actual: inner.actual };
    }
  }
}

export function textMatches(match: TextMatcher, text: string): boolean {
  switch (match.kind) {
    case 'substring':
      return text.includes(match.text);
    case 'regex':
      return compileRegex(match.source, match.flags).test(text);
    case 'transcript':
      return transcriptMatches(match.transcript, text);
  }
}

/** A fresh RegExp without the stateful `g`/`y` flags. */
export function compileRegex(source: string, flags: string): RegExp {
  return new RegExp(source, flags.replace(/[gy]/g, ''));
}

/**
 * JSONPath over stdout parsed as JSON. The path must select at least one value and every value
 * it selects must pass (so `$.items[*].status: Running` means all of them).
 */
function evaluateJson(path: string, test: JsonTest, stdout: string): ConditionVerdict {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return { passed: false, actual: `stdout is not JSON: ${excerpt(stdout)}` };
  }
  const values = selectJson(path, document);
  if (values.length === 0) return { passed: false, actual: `nothing at ${path}` };
  const passed = values.every((value) => jsonTestPasses(test, value));
  const shown = values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
  return { passed, actual: `${path} was ${truncate(shown ?? 'undefined', 200)}` };
}

export function selectJson(path: string, document: unknown): unknown[] {
  try {
    const result = JSONPath({ path, json: document as object, wrap: true }) as unknown;
    return Array.isArray(result) ? result : [];
  } catch {
    return [];
  }
}

function jsonTestPasses(test: JsonTest, value: unknown): boolean {
  switch (test.op) {
    case 'equals':
    case 'eq':
      return looselyEqual(value, test.value);
    case 'ne':
      return !looselyEqual(value, test.value);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(number)) return false;
      if (test.op === 'lt') return number < test.value;
      if (test.op === 'lte') return number <= test.value;
      if (test.op === 'gt') return number > test.value;
      return number >= test.value;
    }
    case 'in':
      return test.value.some((candidate) => looselyEqual(value, candidate));
    case 'regex':
      return compileRegex(test.source, test.flags).test(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** Deep equality, where a scalar also equals its text (`200` equals `"200"`, YAML and JSON meet). */
function looselyEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') {
    if (typeof left === 'object' || typeof right === 'object') return false;
    return String(left) === String(right);
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

function excerpt(text: string): string {
  if (text === '') return 'empty';
  const trimmed = text.replace(/\s+$/, '');
  return JSON.stringify(trimmed.length > 200 ? `…${trimmed.slice(-200)}` : trimmed);
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
