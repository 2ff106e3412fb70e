import type { Code } from 'mdast';
import type { VFile } from 'vfile';
import type { ParsedRunbook } from '../parse/types.js';
import { assignStepIds } from './assign-step-ids.js';
import { commandVariables } from '../shell/text/command-variables.js';
import { isJsStep, jsVariables } from '../shell/zx/js-step.js';
import { COMMON_ENVIRONMENT } from './common-environment.js';
import { dangerousName } from '../shell/dangerous-names.js';
import { isRecord } from './compile-condition.js';
import { createProseSlicer } from './create-prose-slicer.js';
import { createTargetResolver } from './create-target-resolver.js';
import { draftSteps, type Draft, type HeadingSpan } from './draft-steps.js';
import { fenceCommand } from './fence-command.js';
import { wireLiftedTargets } from './lift-targets.js';
import { introTitles } from './lift-titles.js';
import { readSettings } from './read-settings.js';
import { readStepKeys } from './read-step-keys.js';
import { DEFAULT_MAX_VISITS, type Section, type Step, type StepGraph } from '../contracts/step-graph.js';

/**
 * The parsed document → the step graph (pure: no I/O). Semantic problems (durations, regexes,
 * JSONPaths, targets, duplicate ids, keys in the wrong place) are reported on `file`; shapes and
 * types are the schema's job (check/), so wrongly typed values are skipped here.
 * Linear in the document: one pass per stage, binary searches, prose sliced by offsets.
 */
export function buildStepGraph(parsed: ParsedRunbook, file: VFile): StepGraph {
  const text = String(file.value ?? '');
  const settings = readSettings(parsed, file);
  const headings: HeadingSpan[] = parsed.headings.map((heading) => ({
    heading,
    start: heading.node.position?.start.offset ?? 0,
    end: heading.node.position?.end.offset ?? 0,
  }));

  const drafts = draftSteps(parsed, headings, file);
  const byId = assignStepIds(drafts, file);
  const resolve = createTargetResolver(drafts, byId, headings, file);

  // What every step sets or captures, so that a `$NAME` set elsewhere is not an input.
  const commands = drafts.map((draft) => (draft.fence ? fenceCommand(draft.fence) : undefined));
  // A JS/TS step's text is JavaScript: it reads `process.env`, not `$NAME`s or placeholders.
  const variables = commands.map((command, index) => (command ? (isJsStep(drafts[index]!.fence) ? jsVariables : commandVariables)(command.command) : undefined));
  const everySet = new Set<string>();
  for (const found of variables) for (const name of found?.sets ?? []) everySet.add(name);
  for (const draft of drafts) {
    const capture = draft.source.keys.capture;
    if (isRecord(capture)) for (const name of Object.keys(capture)) everySet.add(name);
  }

  const intros = introTitles(parsed.tree);
  const proseBetween = createProseSlicer(text, parsed);
  let previousEnd = 0;
  const steps = drafts.map((draft, index): Step => {
    const prose = proseBetween(Math.max(previousEnd, draft.headingEnd), draft.start);
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
    const command = commands[index];
    const found = variables[index];
    if (draft.fence && command && found) {
      step.command = command.command;
      step.lang = draft.fence.lang;
      if (command.expected) step.expectedOutput = command.expected;
      const uses = new Set(found.placeholders);
      for (const name of found.references)
        if (name in settings.inputs || (!everySet.has(name) && !COMMON_ENVIRONMENT.has(name) && !dangerousName(name))) uses.add(name);
      step.uses = [...uses];
      step.sets = found.sets;
    }
    readStepKeys(step, draft.source, { file, resolve });
    const title = draft.source.keys.title;
    step.title = typeof title === 'string' && title.trim() ? title.trim() : defaultTitle(step, draft, intros);
    return step;
  });
  wireLiftedTargets(steps, drafts);

  const sections: Section[] = parsed.headings.map((heading) => ({
    slug: heading.slug,
    title: heading.text,
    depth: heading.depth,
    line: heading.node.position?.start.line ?? 0,
  }));
  const frontTitle = parsed.frontMatter?.title;
  const title =
    typeof frontTitle === 'string' && frontTitle.trim() ? frontTitle.trim() : (parsed.headings[0]?.text ?? file.stem ?? file.basename ?? 'runbook');
  return { file: file.path ?? '', title, settings, steps, sections };
}

function defaultTitle(step: Step, draft: Draft, intros: Map<Code, string>): string {
  switch (step.kind) {
    case 'ask':
      return step.ask?.question || 'Question';
    case 'manual':
      return step.manual || 'Manual step';
    case 'goto':
      return typeof draft.source.keys.goto === 'string' ? `Go to ${draft.source.keys.goto}` : 'Go to';
    case 'end':
      return `End: ${step.end ?? ''}`.trim();
    default:
      // Several steps under one heading: named by what introduces each (docs/lifting.md).
      if (draft.sectionSize() > 1 && draft.fence && intros.has(draft.fence.node)) return intros.get(draft.fence.node)!;
      if (!draft.heading) return `Step ${draft.nth}`;
      return draft.nth > 1 && draft.sectionSize() > 1 ? `${draft.heading.text} (${draft.nth})` : draft.heading.text;
  }
}
