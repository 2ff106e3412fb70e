import type { VFile } from 'vfile';
import type { ParsedRunbook, RawAnnotation, RawFence, RawHeading } from '../parse/types.js';
import { isRecord } from './compile-condition.js';
import { keySource, type KeySource } from './key-source.js';
import { reportProblem } from './report-problem.js';
import type { StepKind } from '../contracts/step-graph.js';

/** Keys that only make sense on a fence (a command step). */
export const FENCE_ONLY_KEYS = ['timeout', 'expect', 'capture', 'branch', 'on-failure', 'retry', 'confirm', 'interactive', 'background', 'pipefail', 'skip', 'secret', 'run'];
/** Keys that make an annotation a step of its own. */
export const STANDALONE_KEYS = ['ask', 'choices', 'manual', 'goto'];

/** A heading with its offsets in the file. */
export interface HeadingSpan {
  heading: RawHeading;
  start: number;
  end: number;
}

/** A step before it has an id: where it is, what kind, which keys. */
export interface Draft {
  kind: StepKind;
  fence?: RawFence;
  annotation?: RawAnnotation;
  source: KeySource;
  /** Offsets: from its annotation (or fence) to the end of its fence (or output fence). */
  start: number;
  end: number;
  heading?: RawHeading;
  /** Where its heading ends (0 before any heading). */
  headingEnd: number;
  /** 1-based position among the steps of its section. */
  nth: number;
  /** How many steps its section has. */
  sectionSize: () => number;
  id: string;
}

/**
 * Which parsed items are steps, of which kind, in which section. Skipped fences and annotations
 * that cannot be steps drop out (the latter with a message).
 */
export function draftSteps(parsed: ParsedRunbook, headings: HeadingSpan[], file: VFile): Draft[] {
  const drafts: Draft[] = [];
  const perSection = new Map<number, number>();
  let headingIndex = -1;
  for (const item of parsed.items) {
    const annotation = item.kind === 'fence' ? item.fence.annotation : item.annotation;
    const node = item.kind === 'fence' ? item.fence.node : undefined;
    // A comment (or a lifted step with no code of its own) starts the step; else its fence does.
    const ownsPlace = annotation?.origin === 'comment' || (annotation?.origin === 'lifted' && !node);
    const start = (ownsPlace ? annotation!.position.start.offset : undefined) ?? node?.position?.start.offset ?? 0;
    while (headingIndex + 1 < headings.length && headings[headingIndex + 1]!.start < start) headingIndex++;
    const source = keySource(item.kind === 'fence' ? [item.fence.annotation, item.fence.attributes] : [item.annotation]);
    let kind: StepKind | undefined;
    if (item.kind === 'fence') {
      // `run: false` keeps a fence out as `skip: true` does.
      if (source.keys.skip === true || source.keys.run === false) continue;
      for (const key of STANDALONE_KEYS)
        if (key in source.keys)
          reportProblem(
            file,
            `Unexpected \`${key}\` on a command step, expected it in an annotation of its own (not directly before a fence)`,
            source.place([key], 'key'),
            'key-placement',
          );
      kind = 'command';
    } else {
      kind = standaloneKind(item.annotation, source, file);
      if (!kind) continue;
    }
    const end = Math.max(
      node?.position?.end.offset ?? 0,
      (item.kind === 'fence' ? item.fence.output?.position?.end.offset : undefined) ?? 0,
      ownsPlace ? (annotation!.position.end.offset ?? 0) : 0,
    );
    const section = headingIndex;
    const nth = (perSection.get(section) ?? 0) + 1;
    perSection.set(section, nth);
    drafts.push({
      kind,
      fence: item.kind === 'fence' ? item.fence : undefined,
      annotation,
      source,
      start,
      end,
      heading: headings[section]?.heading,
      headingEnd: headings[section]?.end ?? 0,
      nth,
      sectionSize: () => perSection.get(section) ?? 0,
      id: '',
    });
  }
  return drafts;
}

/** The kind of an annotation that is a step of its own, or undefined (reported) when it cannot be one. */
function standaloneKind(annotation: RawAnnotation, source: KeySource, file: VFile): StepKind | undefined {
  if (annotation.invalid || !isRecord(annotation.data)) return undefined;
  const keys = source.keys;
  const misplaced = FENCE_ONLY_KEYS.filter((key) => key in keys);
  for (const key of misplaced)
    reportProblem(
      file,
      `Unexpected \`${key}\` in an annotation that is not directly before a shell fence, expected it right above a \`bash\`, \`sh\`, \`shell\`, \`zsh\` or \`console\` fence`,
      source.place([key], 'key'),
      'key-placement',
    );
  const kinds = (['ask', 'manual', 'goto', 'end'] as const).filter((key) => key in keys);
  if (kinds.length === 0) {
    if (misplaced.length === 0)
      reportProblem(
        file,
        'Unexpected annotation that neither precedes a shell fence nor is a step of its own, expected `ask`, `manual`, `goto` or `end`',
        annotation.position,
        'annotation-kind',
      );
    return undefined;
  }
  const allowed = kinds.length === 1 || (kinds.length === 2 && kinds[0] === 'manual' && kinds[1] === 'end');
  if (!allowed) {
    reportProblem(
      file,
      `Unexpected \`${kinds[1]}\` together with \`${kinds[0]}\`, expected one of \`ask\`, \`manual\`, \`goto\` or \`end\` (\`manual\` may have an \`end\`)`,
      source.place([kinds[1]!], 'key'),
      'annotation-kind',
    );
    return undefined;
  }
  return kinds[0];
}
