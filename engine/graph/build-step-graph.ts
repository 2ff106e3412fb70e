import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { parseConsoleTranscript } from '../parse/parse-console-transcript.js';
import type { ParsedRunbook, RawAnnotation, RawFence, RawHeading, YamlPath } from '../parse/types.js';
import { jsonPathError } from './check-json-path.js';
import { commandVariables } from './command-variables.js';
import { closestName } from './closest-name.js';
import { COMMON_ENVIRONMENT } from './common-environment.js';
import { compileCondition, isRecord } from './compile-condition.js';
import { parseDuration } from './parse-duration.js';
import { regexError, splitRegexLiteral } from './parse-text-matcher.js';
import { durationReason, readSettings } from './read-settings.js';
import { reportProblem } from './report-problem.js';
import { parseTarget } from './resolve-target.js';
import {
  DEFAULT_MAX_VISITS,
  type Branch,
  type Capture,
  type Choice,
  type Section,
  type Step,
  type StepGraph,
  type StepKind,
  type Stream,
  type Target,
  type Transcript,
} from './types.js';

/** Keys that only make sense on a fence (a command step). */
export const FENCE_ONLY_KEYS = ['timeout', 'expect', 'capture', 'branch', 'on-failure', 'retry', 'confirm', 'interactive', 'skip', 'secret'];
/** Keys that make an annotation a step of its own. */
export const STANDALONE_KEYS = ['ask', 'choices', 'manual', 'goto'];
const RESERVED_IDS = new Set(['next', 'stop', 'continue', 'end']);

/** Where a key of a step was written: its comment, else the fence's attributes. */
interface KeySource {
  keys: Record<string, unknown>;
  place(path: YamlPath, part?: 'key' | 'value'): Position;
  owner(key: string): RawAnnotation | undefined;
}

interface Draft {
  kind: StepKind;
  fence?: RawFence;
  annotation?: RawAnnotation;
  source: KeySource;
  start: number;
  end: number;
  heading?: RawHeading;
  /** Where its heading ends (0 before any heading). */
  headingEnd: number;
  /** 1-based position among the steps of its section, and how many steps the section has. */
  nth: number;
  sectionSize: () => number;
  id: string;
  title: string;
}

/**
 * The parsed document → the step graph (pure: no I/O). Semantic problems (durations, regexes,
 * JSONPaths, targets, duplicate ids, keys in the wrong place) are reported on `file`; shapes and
 * types are the schema's job (check/), so wrongly typed values are skipped here.
 */
export function buildStepGraph(parsed: ParsedRunbook, file: VFile): StepGraph {
  const text = String(file.value ?? '');
  const settings = readSettings(parsed, file);
  const report = (reason: string, place: Position | undefined, ruleId: string, options?: { fatal?: boolean; cause?: VFileMessage }) =>
    reportProblem(file, reason, place, ruleId, options);

  const headings = parsed.headings.map((heading) => ({
    heading,
    start: heading.node.position?.start.offset ?? 0,
    end: heading.node.position?.end.offset ?? 0,
  }));

  // 1. Which items are steps, in which section, with which kind.
  const drafts: Draft[] = [];
  let headingIndex = -1;
  const perSection = new Map<number, number>();
  for (const item of parsed.items) {
    const annotation = item.kind === 'fence' ? item.fence.annotation : item.annotation;
    const node = item.kind === 'fence' ? item.fence.node : undefined;
    const start = (annotation?.origin === 'comment' ? annotation.position.start.offset : undefined) ?? node?.position?.start.offset ?? 0;
    while (headingIndex + 1 < headings.length && headings[headingIndex + 1]!.start < start) headingIndex++;
    const source = keySource(item.kind === 'fence' ? [item.fence.annotation, item.fence.attributes] : [item.annotation]);
    let kind: StepKind | undefined;
    if (item.kind === 'fence') {
      if (source.keys.skip === true) continue;
      for (const key of STANDALONE_KEYS)
        if (key in source.keys)
          report(
            `Unexpected \`${key}\` on a command step, expected it in an annotation of its own (not directly before a fence)`,
            source.place([key], 'key'),
            'key-placement',
          );
      kind = 'command';
    } else {
      kind = standaloneKind(item.annotation, source);
      if (!kind) continue;
    }
    const end = Math.max(
      node?.position?.end.offset ?? 0,
      (item.kind === 'fence' ? item.fence.output?.position?.end.offset : undefined) ?? 0,
      annotation?.origin === 'comment' ? (annotation.position.end.offset ?? 0) : 0,
    );
    const nth = (perSection.get(headingIndex) ?? 0) + 1;
    perSection.set(headingIndex, nth);
    drafts.push({
      kind,
      fence: item.kind === 'fence' ? item.fence : undefined,
      annotation: item.kind === 'fence' ? item.fence.annotation : item.annotation,
      source,
      start,
      end,
      heading: headings[headingIndex]?.heading,
      headingEnd: headings[headingIndex]?.end ?? 0,
      nth,
      sectionSize: ((section) => () => perSection.get(section) ?? 0)(headingIndex),
      id: '',
      title: '',
    });
  }

  // 2. Ids: written ones first (duplicates are errors), then GitHub-style defaults that avoid them.
  const taken = new Map<string, Draft>();
  for (const draft of drafts) {
    const id = draft.source.keys.id;
    if (typeof id !== 'string' || !id) continue;
    const place = draft.source.place(['id']);
    if (RESERVED_IDS.has(id) || id.startsWith('#') || id.startsWith('end:')) {
      report(`Unexpected step id \`${id}\`, it reads as a target; expected another name`, place, 'step-id');
      continue;
    }
    const first = taken.get(id);
    if (first) {
      const cause = new VFileMessage('First defined here', { place: first.source.place(['id']), ruleId: 'duplicate-id', source: 'runbook' });
      report(`Duplicate step id \`${id}\`, expected each step id once`, place, 'duplicate-id', { cause });
      continue;
    }
    draft.id = id;
    taken.set(id, draft);
  }
  for (const draft of drafts) {
    if (draft.id) continue;
    const base = draft.heading ? draft.heading.slug || 'section' : 'step';
    let candidate = draft.heading ? (draft.nth === 1 ? base : `${base}-${draft.nth}`) : `step-${draft.nth}`;
    for (let counter = draft.nth + 1; taken.has(candidate); counter++) candidate = `${base}-${counter}`;
    draft.id = candidate;
    taken.set(candidate, draft);
  }

  // 3. Variables every step sets, so that a later `$NAME` is not mistaken for an input.
  const commands = drafts.map((draft) => (draft.fence ? commandOf(draft.fence) : undefined));
  const variables = commands.map((command) => (command ? commandVariables(command.command) : undefined));
  const everySet = new Set<string>();
  for (const found of variables) for (const name of found?.sets ?? []) everySet.add(name);
  for (const draft of drafts) {
    const capture = draft.source.keys.capture;
    if (isRecord(capture)) for (const name of Object.keys(capture)) everySet.add(name);
  }

  const stepStarts = drafts.map((draft) => draft.start);
  const sectionEnd = (index: number) => {
    const depth = headings[index]!.heading.depth;
    for (let next = index + 1; next < headings.length; next++) if (headings[next]!.heading.depth <= depth) return headings[next]!.start;
    return Number.POSITIVE_INFINITY;
  };
  const headingBySlug = new Map<string, number>();
  headings.forEach((entry, index) => headingBySlug.set(entry.heading.slug, index));

  const resolve = (raw: unknown, place: Position): { target: Target; raw: string } | undefined => {
    if (typeof raw !== 'string') return undefined;
    const written = parseTarget(raw);
    switch (written.kind) {
      case 'invalid':
        report(written.reason, place, 'target');
        return { target: { kind: 'stop' }, raw };
      case 'id':
        if (!taken.has(written.id)) {
          const near = closestName(written.id, taken.keys());
          const known = near ? [`\`${near}\``] : [...taken.keys()].slice(0, 8).map((id) => `\`${id}\``);
          const more = near || taken.size > 8 ? ', …' : '';
          report(
            `Unknown target \`${written.id}\`, expected a step id${known.length ? ` (${known.join(', ')}${more})` : ''}, \`#heading\`, \`next\` or \`end:OUTCOME\``,
            place,
            'target',
          );
        }
        return { target: { kind: 'step', id: written.id }, raw };
      case 'anchor': {
        const index = headingBySlug.get(written.slug);
        if (index === undefined) {
          const near = closestName(written.slug, headingBySlug.keys());
          report(
            `Unknown anchor \`#${written.slug}\`, expected ${near ? `\`#${near}\` or another` : 'the'} anchor of a heading in this runbook`,
            place,
            'target',
          );
          return { target: { kind: 'step', id: `#${written.slug}` }, raw };
        }
        const from = headings[index]!.start;
        const to = sectionEnd(index);
        const first = stepStarts.findIndex((start) => start >= from && start < to);
        if (first === -1) {
          report(`Unexpected target \`#${written.slug}\`: section “${headings[index]!.heading.text}” has no steps`, place, 'target');
          return { target: { kind: 'step', id: `#${written.slug}` }, raw };
        }
        return { target: { kind: 'step', id: drafts[first]!.id }, raw };
      }
      default:
        return { target: written, raw };
    }
  };

  // 4. Steps. Prose leaves out runbook comments (settings, invalid annotations).
  const comments = annotationRanges(parsed);
  let commentIndex = 0;
  const proseBetween = (from: number, to: number) => {
    let prose = '';
    let at = from;
    while (commentIndex < comments.length && comments[commentIndex]![1] <= from) commentIndex++;
    for (let index = commentIndex; index < comments.length && comments[index]![0] < to; index++) {
      const [start, end] = comments[index]!;
      if (start >= at) prose += text.slice(at, start);
      at = Math.max(at, end);
    }
    return (prose + text.slice(at, Math.max(at, to))).trim();
  };
  let previousEnd = 0;
  const steps: Step[] = drafts.map((draft, index) => {
    const { source } = draft;
    const keys = source.keys;
    const proseStart = Math.max(previousEnd, draft.headingEnd);
    const prose = proseStart < draft.start ? proseBetween(proseStart, draft.start) : '';
    previousEnd = draft.end;

    const step: Step = {
      id: draft.id,
      title: '',
      kind: draft.kind,
      index,
      section: draft.heading?.slug ?? '',
      sectionTitle: draft.heading?.text ?? '',
      sectionDepth: draft.heading?.depth ?? 0,
      prose,
      position: draft.fence?.node.position ?? draft.annotation!.position,
      uses: [],
      sets: [],
      timeoutMs: settings.timeoutMs,
      capture: [],
      branch: [],
      onFailure: { kind: 'stop' },
      interactive: false,
      secret: [],
      maxVisits: DEFAULT_MAX_VISITS,
    };
    if (draft.annotation?.origin === 'comment') step.annotationPosition = draft.annotation.position;

    if (draft.fence) {
      const command = commands[index]!;
      const found = variables[index]!;
      step.command = command.command;
      step.lang = draft.fence.lang;
      if (command.expected) step.expectedOutput = command.expected;
      const uses = new Set(found.placeholders);
      for (const name of found.references)
        if (name in settings.inputs || (!everySet.has(name) && !COMMON_ENVIRONMENT.has(name))) uses.add(name);
      step.uses = [...uses];
      step.sets = found.sets;
      readCommandKeys(step, source);
    } else readStandaloneKeys(step, source);

    if (typeof keys.end === 'string') {
      if (/^[A-Za-z][\w-]*$/.test(keys.end)) step.end = keys.end;
      else report(`Unexpected outcome \`${keys.end}\`, expected a word such as \`resolved\` or \`escalated\``, source.place(['end']), 'end');
    }
    if (typeof keys['max-visits'] === 'number') step.maxVisits = keys['max-visits'];
    step.title = typeof keys.title === 'string' && keys.title.trim() ? keys.title.trim() : defaultTitle(step, draft);
    return step;
  });

  const sections: Section[] = parsed.headings.map((heading) => ({
    slug: heading.slug,
    title: heading.text,
    depth: heading.depth,
    line: heading.node.position?.start.line ?? 0,
  }));
  const frontTitle = parsed.frontMatter?.title;
  const title =
    typeof frontTitle === 'string' && frontTitle.trim()
      ? frontTitle.trim()
      : (parsed.headings[0]?.text ?? file.stem ?? file.basename ?? 'runbook');
  return { file: file.path ?? '', title, settings, steps, sections };

  function readCommandKeys(step: Step, source: KeySource) {
    const keys = source.keys;
    if (typeof keys.timeout === 'string') {
      const ms = parseDuration(keys.timeout);
      if (ms === undefined) report(durationReason(keys.timeout), source.place(['timeout']), 'duration');
      else step.timeoutMs = ms;
    }
    if (keys.expect !== undefined) {
      const owner = source.owner('expect');
      if (owner) step.expect = compileCondition(keys.expect, ['expect'], owner, file);
    }
    if (isRecord(keys.capture)) {
      for (const [name, spec] of Object.entries(keys.capture)) {
        const capture = readCapture(name, spec, source);
        if (capture) step.capture.push(capture);
      }
    }
    const branches = keys.branch;
    if (Array.isArray(branches)) {
      const owner = source.owner('branch');
      branches.forEach((entry, at) => {
        if (!isRecord(entry) || !owner) return;
        if ('else' in entry) {
          if ('when' in entry || 'goto' in entry)
            report('Unexpected `else` together with `when`/`goto`, expected `{ else: target }` on its own', source.place(['branch', at, 'else'], 'key'), 'branch');
          else if (at !== branches.length - 1)
            report('Unexpected `else` before the last branch, expected it last', source.place(['branch', at, 'else'], 'key'), 'branch');
          const target = resolve(entry.else, source.place(['branch', at, 'else']));
          if (target) step.else = target.target;
          return;
        }
        const when = compileCondition(entry.when, ['branch', at, 'when'], owner, file);
        const target = resolve(entry.goto, source.place(['branch', at, 'goto']));
        if (when && target) {
          const branch: Branch = { when, target: target.target, raw: target.raw, position: source.place(['branch', at]) };
          step.branch.push(branch);
        }
      });
    }
    if (keys['on-failure'] !== undefined) {
      const target = resolve(keys['on-failure'], source.place(['on-failure']));
      if (target) step.onFailure = target.target;
    }
    if (isRecord(keys.retry)) {
      const retry = keys.retry;
      const attempts = Number.isInteger(retry.attempts) ? (retry.attempts as number) : 3;
      let delayMs = 0;
      if (typeof retry.delay === 'string') {
        const ms = parseDuration(retry.delay);
        if (ms === undefined) report(durationReason(retry.delay), source.place(['retry', 'delay']), 'duration');
        else delayMs = ms;
      }
      const owner = source.owner('retry');
      const until = retry.until !== undefined && owner ? compileCondition(retry.until, ['retry', 'until'], owner, file) : undefined;
      step.retry = until ? { attempts, delayMs, until } : { attempts, delayMs };
    }
    if (keys.confirm === true) step.confirm = 'yes';
    else if (typeof keys.confirm === 'string' && keys.confirm.trim()) step.confirm = keys.confirm.trim();
    step.interactive = keys.interactive === true;
    if (typeof keys.secret === 'string') step.secret = [keys.secret];
    else if (Array.isArray(keys.secret)) step.secret = keys.secret.filter((name): name is string => typeof name === 'string');
  }

  function readCapture(name: string, spec: unknown, source: KeySource): Capture | undefined {
    if (!isRecord(spec)) return undefined;
    const from = (typeof spec.from === 'string' ? spec.from : 'stdout') as Stream;
    if (typeof spec.regex === 'string' && typeof spec.json === 'string') {
      report(`Unexpected both \`regex\` and \`json\` in capture \`${name}\`, expected one of them`, source.place(['capture', name, 'json'], 'key'), 'capture');
      return undefined;
    }
    if (typeof spec.regex === 'string') {
      const literal = splitRegexLiteral(spec.regex) ?? { source: spec.regex, flags: '' };
      const problem = regexError(literal.source, literal.flags);
      if (problem) {
        report(`Invalid regex \`${spec.regex}\`: ${problem}`, source.place(['capture', name, 'regex']), 'regex');
        return undefined;
      }
      return literal.flags ? { name, from, regex: literal.source, flags: literal.flags } : { name, from, regex: literal.source };
    }
    if (typeof spec.json === 'string') {
      const problem = jsonPathError(spec.json);
      if (problem) {
        report(`Invalid JSONPath \`${spec.json}\`: ${problem}`, source.place(['capture', name, 'json']), 'json-path');
        return undefined;
      }
      return { name, from: 'stdout', json: spec.json };
    }
    if (!('regex' in spec) && !('json' in spec))
      report(`Missing \`regex\` or \`json\` in capture \`${name}\`, expected one of them`, source.place(['capture', name]), 'capture');
    return undefined;
  }

  function readStandaloneKeys(step: Step, source: KeySource) {
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

  function standaloneKind(annotation: RawAnnotation, source: KeySource): StepKind | undefined {
    if (annotation.invalid || !isRecord(annotation.data)) return undefined;
    const keys = source.keys;
    const misplaced = FENCE_ONLY_KEYS.filter((key) => key in keys);
    for (const key of misplaced)
      report(
        `Unexpected \`${key}\` in an annotation that is not directly before a shell fence, expected it right above a \`bash\`, \`sh\`, \`shell\`, \`zsh\` or \`console\` fence`,
        source.place([key], 'key'),
        'key-placement',
      );
    const kinds = (['ask', 'manual', 'goto', 'end'] as const).filter((key) => key in keys);
    if (kinds.length === 0) {
      if (misplaced.length === 0)
        report(
          'Unexpected annotation that neither precedes a shell fence nor is a step of its own, expected `ask`, `manual`, `goto` or `end`',
          annotation.position,
          'annotation-kind',
        );
      return undefined;
    }
    const allowed = kinds.length === 1 || (kinds.length === 2 && kinds[0] === 'manual' && kinds[1] === 'end');
    if (!allowed) {
      report(
        `Unexpected \`${kinds[1]}\` together with \`${kinds[0]}\`, expected one of \`ask\`, \`manual\`, \`goto\` or \`end\` (\`manual\` may have an \`end\`)`,
        source.place([kinds[1]!], 'key'),
        'annotation-kind',
      );
      return undefined;
    }
    return kinds[0];
  }
}


/** Offsets of every runbook comment, in document order. */
function annotationRanges(parsed: ParsedRunbook): [number, number][] {
  const ranges: [number, number][] = [];
  const add = (annotation: RawAnnotation | undefined) => {
    const start = annotation?.origin === 'comment' ? annotation.position.start.offset : undefined;
    const end = annotation?.position.end.offset;
    if (start !== undefined && end !== undefined) ranges.push([start, end]);
  };
  add(parsed.settingsAnnotation);
  for (const item of parsed.items) add(item.kind === 'fence' ? item.fence.annotation : item.annotation);
  return ranges.sort((a, b) => a[0] - b[0]);
}

function keySource(annotations: (RawAnnotation | undefined)[]): KeySource {
  const present = annotations.filter((annotation): annotation is RawAnnotation => !!annotation && !annotation.invalid && isRecord(annotation.data));
  const keys: Record<string, unknown> = {};
  for (const annotation of [...present].reverse()) Object.assign(keys, annotation.data);
  const owner = (key: string) => present.find((annotation) => key in (annotation.data as Record<string, unknown>));
  const fallback = annotations.find((annotation) => !!annotation)?.position ?? {
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
  };
  return {
    keys,
    owner,
    place: (path, part) => {
      const first = path[0];
      const annotation = typeof first === 'string' ? owner(first) : present[0];
      return annotation ? annotation.place(path, part) : fallback;
    },
  };
}

function commandOf(fence: RawFence): { command: string; expected?: Transcript } {
  const node = fence.node;
  const firstLine = (node.position?.start.line ?? 0) + 1;
  const result = fence.lang === 'console' ? parseConsoleTranscript(node.value, firstLine) : { command: node.value };
  if (fence.output && !result.expected) {
    const lines = fence.output.value.replace(/\n+$/, '').split('\n');
    if (fence.output.value.trim())
      return {
        command: result.command,
        expected: { lines, startLine: (fence.output.position?.start.line ?? 0) + 1, position: fence.output.position },
      };
  }
  if (result.expected && fence.lang === 'console') result.expected.position = node.position;
  return result;
}

function defaultTitle(step: Step, draft: Draft): string {
  switch (step.kind) {
    case 'ask':
      return step.ask?.question || 'Question';
    case 'manual':
      return step.manual || 'Manual step';
    case 'goto':
      return typeof draft.source.keys.goto === 'string' ? `Go to ${draft.source.keys.goto}` : 'Go to';
    case 'end':
      return `End: ${step.end ?? ''}`.trim();
    default: {
      if (!draft.heading) return `Step ${draft.nth}`;
      return draft.nth > 1 && draft.sectionSize() > 1 ? `${draft.heading.text} (${draft.nth})` : draft.heading.text;
    }
  }
}
