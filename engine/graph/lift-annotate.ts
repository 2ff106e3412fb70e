import { stringify } from 'yaml';
import type { ParsedRunbook, RawItem } from '../parse/types.js';
import type { Step, StepGraph, Target } from '../contracts/step-graph.js';

interface Edit {
  offset: number;
  /** Characters replaced from `offset` (0: an insertion). */
  remove: number;
  text: string;
}

/**
 * The runbook with its lifted steps written out (`runbook lift`): an annotation comment for each
 * (`manual`, `ask`, `goto`, a title), a `bash` fence after an inline command, a language on an
 * unlabelled code block. The prose is left as it is; read again without `--lift`, the result
 * has the steps `--lift` found. `graph` is the graph built from `parsed` (ids, targets, titles).
 */
export function annotateLifted(source: string, parsed: ParsedRunbook, graph: StepGraph): string {
  const raws = parsed.items.filter((item) => (item.kind === 'fence' ? item.fence.lifted : item.annotation.origin === 'lifted'));
  const steps = graph.steps.filter((step) => step.lifted);
  const edits: Edit[] = [];
  raws.forEach((raw, index) => {
    const step = steps[index];
    if (step) edits.push(...editsFor(raw, step, source));
  });
  // From the end, so that offsets stay true; at one offset, in the order the steps come.
  const ordered = edits.map((edit, at) => ({ edit, at })).sort((a, b) => b.edit.offset - a.edit.offset || b.at - a.at);
  let text = source;
  for (const { edit } of ordered) text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.remove);
  return text;
}

function editsFor(raw: RawItem, step: Step, source: string): Edit[] {
  const place = raw.kind === 'fence' ? raw.fence.liftPlace : raw.annotation.liftPlace;
  if (!place) return [];
  // The container's prefix on the block's first line: list indentation, `> ` of block quotes.
  const lineStart = source.lastIndexOf('\n', place.from - 1) + 1;
  const pad = source.slice(lineStart, place.from).replace(/[^>\s]/g, ' ');
  const keys = keysOf(raw, step);
  const lines: string[] = keys ? comment(keys) : [];
  if (raw.kind === 'fence' && place.where === 'block') return relabel(raw, step, source, lines, pad);
  if (raw.kind === 'fence') lines.push(...fence(step.lang ?? 'bash', step.command ?? ''));
  if (lines.length === 0) return [];
  if (place.where === 'after') return [{ offset: place.offset, remove: 0, text: `\n${lines.map((line) => (line ? pad + line : pad.trimEnd())).join('\n')}` }];
  const rest = lines.map((line, at) => (at === 0 ? line : line ? pad + line : pad.trimEnd())).join('\n');
  return [{ offset: place.offset, remove: 0, text: pad === '' && source[place.offset] === '#' ? `${rest}\n\n` : `${rest}\n${pad}` }];
}

/** The keys to write in the step's comment; undefined when it needs none. */
function keysOf(raw: RawItem, step: Step): Record<string, unknown> | undefined {
  const data = (raw.kind === 'fence' ? raw.fence.annotation?.data : raw.annotation.data) as Record<string, unknown> | undefined;
  const title = typeof data?.title === 'string' ? { title: step.title } : {};
  switch (step.kind) {
    case 'manual': {
      // A title that only drops the text's full stop is the default one.
      const own = step.manual === step.title ? {} : title;
      return { manual: step.manual ?? '', ...own, ...(step.end ? { end: step.end } : {}) };
    }
    case 'ask':
      return { ask: step.ask?.question ?? '', choices: Object.fromEntries((step.ask?.choices ?? []).map((choice) => [choice.label, targetText(choice.target)])) };
    case 'goto':
      return { goto: step.goto ? targetText(step.goto) : 'next', ...title };
    case 'end':
      return { end: step.end ?? 'completed' };
    default:
      return Object.keys(title).length > 0 ? title : undefined;
  }
}

function targetText(target: Target): string {
  if (target.kind === 'step') return target.id;
  if (target.kind === 'end') return `end:${target.outcome}`;
  return target.kind;
}

function comment(keys: Record<string, unknown>): string[] {
  const yaml = stringify(keys, { lineWidth: 0 }).trimEnd().replace(/--(?=>)/g, '- -');
  return ['<!-- runbook', ...yaml.split('\n'), '-->'];
}

function fence(lang: string, command: string): string[] {
  const longest = Math.max(0, ...(command.match(/`+/g) ?? []).map((run) => run.length));
  const marker = '`'.repeat(Math.max(3, longest + 1));
  return [`${marker}${lang}`, ...command.split('\n'), marker];
}

/** An unlabelled block becomes a `bash` (or `console`) fence where it is; an indented block is fenced. */
function relabel(raw: Extract<RawItem, { kind: 'fence' }>, step: Step, source: string, lines: string[], pad: string): Edit[] {
  const node = raw.fence.node;
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  const lang = step.lang ?? 'bash';
  const before = lines.length > 0 ? lines.map((line, at) => (at === 0 ? line : line ? pad + line : pad.trimEnd())).join('\n') + `\n${pad}` : '';
  const opening = /^(`{3,}|~{3,})([^\n]*)/.exec(source.slice(start, end));
  if (opening) return [{ offset: start, remove: opening[0].length, text: `${before}${opening[1]}${lang}` }];
  const body = fence(lang, node.value).map((line, at) => (at === 0 ? line : line ? pad + line : pad.trimEnd()));
  return [{ offset: start, remove: end - start, text: before + body.join('\n') }];
}
