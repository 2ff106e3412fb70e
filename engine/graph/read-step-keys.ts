import type { VFile } from 'vfile';
import { jsonPathError } from './check-json-path.js';
import { compileCondition, isRecord } from './compile-condition.js';
import type { ResolveTarget } from './create-target-resolver.js';
import type { KeySource } from './key-source.js';
import { parseDuration } from './parse-duration.js';
import { regexError, splitRegexLiteral } from './parse-text-matcher.js';
import { durationReason } from './read-settings.js';
import { reportProblem } from './report-problem.js';
import type { Capture, Choice, Step, Stream } from '../contracts/step-graph.js';

export interface StepKeyContext {
  file: VFile;
  resolve: ResolveTarget;
}

/** Fills a step from its keys: durations, conditions, captures, branches, targets. */
export function readStepKeys(step: Step, source: KeySource, context: StepKeyContext): void {
  if (step.kind === 'command') readCommandKeys(step, source, context);
  else readStandaloneKeys(step, source, context);
  const keys = source.keys;
  if (typeof keys.end === 'string') {
    if (/^[A-Za-z][\w-]*$/.test(keys.end)) step.end = keys.end;
    else reportProblem(context.file, `Unexpected outcome \`${keys.end}\`, expected a word such as \`resolved\` or \`escalated\``, source.place(['end']), 'end');
  }
  if (typeof keys['max-visits'] === 'number') step.maxVisits = keys['max-visits'];
}

function readCommandKeys(step: Step, source: KeySource, { file, resolve }: StepKeyContext): void {
  const keys = source.keys;
  if (typeof keys.timeout === 'string') {
    const ms = parseDuration(keys.timeout);
    if (ms === undefined) reportProblem(file, durationReason(keys.timeout), source.place(['timeout']), 'duration');
    else step.timeoutMs = ms;
  }
  const expectOwner = source.owner('expect');
  if (keys.expect === 'transcript') {
    // The written output is an assertion, not an example (SPEC §2).
    if (step.expectedOutput) step.expectedOutput.example = false;
    else
      reportProblem(
        file,
        'Unexpected `expect: transcript` on a step with no expected output, expected a `console` transcript or an `output` fence after the step',
        source.place(['expect']),
        'expect',
      );
  } else if (keys.expect !== undefined && expectOwner) step.expect = compileCondition(keys.expect, ['expect'], expectOwner, file);
  if (isRecord(keys.capture)) {
    for (const [name, spec] of Object.entries(keys.capture)) {
      const capture = readCapture(name, spec, source, file);
      if (capture) step.capture.push(capture);
    }
  }
  const branches = keys.branch;
  const branchOwner = source.owner('branch');
  if (Array.isArray(branches) && branchOwner) {
    branches.forEach((entry, at) => {
      if (!isRecord(entry)) return;
      if ('else' in entry) {
        const place = source.place(['branch', at, 'else'], 'key');
        if ('when' in entry || 'goto' in entry)
          reportProblem(file, 'Unexpected `else` together with `when`/`goto`, expected `{ else: target }` on its own', place, 'branch');
        else if (at !== branches.length - 1) reportProblem(file, 'Unexpected `else` before the last branch, expected it last', place, 'branch');
        const target = resolve(entry.else, source.place(['branch', at, 'else']));
        if (target) step.else = target.target;
        return;
      }
      const when = compileCondition(entry.when, ['branch', at, 'when'], branchOwner, file);
      const target = resolve(entry.goto, source.place(['branch', at, 'goto']));
      if (when && target) step.branch.push({ when, target: target.target, raw: target.raw, position: source.place(['branch', at]) });
    });
  }
  if (keys['on-failure'] !== undefined) {
    const target = resolve(keys['on-failure'], source.place(['on-failure']));
    if (target) step.onFailure = target.target;
    const canFailCheck = step.expect !== undefined || (step.expectedOutput !== undefined && step.expectedOutput.example !== true);
    if (step.else && target && target.target.kind !== 'stop' && !canFailCheck)
      reportProblem(
        file,
        'Unexpected `on-failure` beside a branch `else`: every exit takes a branch or `else`, so only a timeout or a stop reaches it, expected `on-failure` without `else` (or an `expect` that can fail)',
        source.place(['on-failure'], 'key'),
        'unreachable-on-failure',
        { fatal: false },
      );
  }
  if (isRecord(keys.retry)) {
    const retry = keys.retry;
    const attempts = Number.isInteger(retry.attempts) ? (retry.attempts as number) : 3;
    let delayMs = 0;
    if (typeof retry.delay === 'string') {
      const ms = parseDuration(retry.delay);
      if (ms === undefined) reportProblem(file, durationReason(retry.delay), source.place(['retry', 'delay']), 'duration');
      else delayMs = ms;
    }
    const owner = source.owner('retry');
    const until = retry.until !== undefined && owner ? compileCondition(retry.until, ['retry', 'until'], owner, file) : undefined;
    step.retry = until ? { attempts, delayMs, until } : { attempts, delayMs };
  }
  if (keys.confirm === true) step.confirm = 'yes';
  else if (typeof keys.confirm === 'string' && keys.confirm.trim()) step.confirm = keys.confirm.trim();
  step.interactive = keys.interactive === true;
  if (keys.background === true) step.background = true;
  if (keys.pipefail === false) step.pipefail = false;
  if (typeof keys.secret === 'string') step.secret = [keys.secret];
  else if (Array.isArray(keys.secret)) step.secret = keys.secret.filter((name): name is string => typeof name === 'string');
}

function readCapture(name: string, spec: unknown, source: KeySource, file: VFile): Capture | undefined {
  if (!isRecord(spec)) return undefined;
  const from = (typeof spec.from === 'string' ? spec.from : 'stdout') as Stream;
  if (typeof spec.regex === 'string' && typeof spec.json === 'string') {
    reportProblem(file, `Unexpected both \`regex\` and \`json\` in capture \`${name}\`, expected one of them`, source.place(['capture', name, 'json'], 'key'), 'capture');
    return undefined;
  }
  if (typeof spec.regex === 'string') {
    const literal = splitRegexLiteral(spec.regex) ?? { source: spec.regex, flags: '' };
    const problem = regexError(literal.source, literal.flags);
    if (problem) {
      reportProblem(file, `Invalid regex \`${spec.regex}\`: ${problem}`, source.place(['capture', name, 'regex']), 'regex');
      return undefined;
    }
    return literal.flags ? { name, from, regex: literal.source, flags: literal.flags } : { name, from, regex: literal.source };
  }
  if (typeof spec.json === 'string') {
    const problem = jsonPathError(spec.json);
    if (problem) {
      reportProblem(file, `Invalid JSONPath \`${spec.json}\`: ${problem}`, source.place(['capture', name, 'json']), 'json-path');
      return undefined;
    }
    return { name, from: 'stdout', json: spec.json };
  }
  if (!('regex' in spec) && !('json' in spec))
    reportProblem(file, `Missing \`regex\` or \`json\` in capture \`${name}\`, expected one of them`, source.place(['capture', name]), 'capture');
  return undefined;
}

function readStandaloneKeys(step: Step, source: KeySource, { resolve }: StepKeyContext): void {
  const keys = source.keys;
  if (step.kind === 'ask') {
    const choices: Choice[] = [];
    if (isRecord(keys.choices)) {
      for (const [label, raw] of Object.entries(keys.choices)) {
        const target = resolve(raw, source.place(['choices', label]));
        if (target) choices.push({ label, target: target.target, raw: target.raw });
      }
    }
    step.ask = { question: typeof keys.ask === 'string' ? keys.ask : '', choices };
  } else if (step.kind === 'manual') step.manual = typeof keys.manual === 'string' ? keys.manual : '';
  else if (step.kind === 'goto') {
    const target = resolve(keys.goto, source.place(['goto']));
    if (target) step.goto = target.target;
  }
}
