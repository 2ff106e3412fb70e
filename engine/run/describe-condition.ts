/**
 * Conditions in words, for check results and branch reasons:
 * `stdout matches /Running/`, or in the past tense `stdout matched /CrashLoopBackOff/`.
 */
import type { Condition, JsonTest, TextMatcher } from '../contracts/step-graph.js';

export type Tense = 'present' | 'past';

export function describeCondition(condition: Condition, tense: Tense = 'present'): string {
  const past = tense === 'past';
  switch (condition.kind) {
    case 'exit':
      if (condition.codes === 'nonzero') return `exit ${past ? 'was' : 'is'} nonzero`;
      if (condition.codes.length === 1) return `exit ${past ? 'was' : 'is'} ${condition.codes[0]}`;
      return `exit ${past ? 'was' : 'is'} one of ${condition.codes.join(', ')}`;
    case 'text':
      return `${condition.stream} ${describeMatcher(condition.match, past)}`;
    case 'var':
      return `$${condition.name} ${describeMatcher(condition.match, past)}`;
    case 'json':
      return `${condition.path} ${describeJsonTest(condition.test, past)}`;
    case 'all':
      return condition.of.map((inner) => describeCondition(inner, tense)).join(' and ');
    case 'any':
      return condition.of.map((inner) => describeCondition(inner, tense)).join(' or ');
    case 'not':
      return `not (${describeCondition(condition.of, tense)})`;
  }
}

export function describeMatcher(match: TextMatcher, past = false): string {
  switch (match.kind) {
    case 'substring':
      return `${past ? 'contained' : 'contains'} ${JSON.stringify(match.text)}`;
    case 'regex':
      return `${past ? 'matched' : 'matches'} /${match.source}/${match.flags}`;
    case 'transcript':
      return `${past ? 'matched' : 'matches'} the expected output (line ${match.transcript.startLine})`;
  }
}

function describeJsonTest(test: JsonTest, past: boolean): string {
  const is = past ? 'was' : 'is';
  switch (test.op) {
    case 'equals':
    case 'eq':
      return `${is} ${JSON.stringify(test.value)}`;
    case 'ne':
      return `${is} not ${JSON.stringify(test.value)}`;
    case 'lt':
      return `${is} < ${test.value}`;
    case 'lte':
      return `${is} ≤ ${test.value}`;
    case 'gt':
      return `${is} > ${test.value}`;
    case 'gte':
      return `${is} ≥ ${test.value}`;
    case 'in':
      return `${is} one of ${test.value.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'regex':
      return `${past ? 'matched' : 'matches'} /${test.source}/${test.flags}`;
  }
}
