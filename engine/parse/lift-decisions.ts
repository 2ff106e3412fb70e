import type { Paragraph, RootContent } from 'mdast';
import { inlineCommand, startsImperative } from './lift-command.js';
import { inlineCodeNode, inlineCodes, liftedCommand, liftedStep, placeOf, plainText, shorten, type Lifted } from './lift-items.js';
import type { RawHeading } from './types.js';

const IF = /^if\s+(.+?)(?:,\s*then\s+|\s+then\s+|,\s+|:\s+)(\S.*)$/is;
const ESCALATE = /\b(escalate|escalation|page the|page your|contact the on-?call)\b/i;

/**
 * "If `READ_ONLY` or `DEGRADED`, check who set it" → an `ask` ("READ_ONLY or DEGRADED?", Yes /
 * No) and the consequence as its own step (a command when it holds one, else `manual`; `end:
 * escalated` when it says to escalate); No skips the consequence. "If … :" before a list asks
 * whether to follow the list. Outside procedure lists only a consequence that opens with a verb
 * counts ("If you want …, you'll have to …" is explanation).
 */
export function decisionOf(paragraph: Paragraph, next: RootContent | undefined, inProcedure: boolean): Lifted[] {
  const text = plainText(paragraph);
  if (!/^if\b/i.test(text)) return [];
  const position = paragraph.position!;
  const end = position.end.offset ?? 0;
  const match = IF.exec(text);
  if (!match) {
    if (text.endsWith(':') && next?.type === 'list') {
      const question = asQuestion(text.slice(2, -1));
      return [liftedStep({ ask: question, choices: { Yes: 'next', No: 'next' } }, position, placeOf(paragraph, 'before'), { No: next.position?.end.offset ?? end })];
    }
    return [];
  }
  const [, condition, action] = match as unknown as [string, string, string];
  if (!inProcedure && !startsImperative(action)) return [];
  const place = placeOf(paragraph, 'before');
  const ask = liftedStep({ ask: asQuestion(condition), choices: { Yes: 'next', No: 'next' } }, position, place, { No: end });
  const consequenceTitle = shorten(capitalise(action.replace(/[.]$/, '')));
  const command = inlineCodes(paragraph)
    .map(({ node, before }) => ({ node, verdict: inlineCommand(node.value, before) }))
    .find(({ verdict }) => 'command' in verdict);
  if (command && 'command' in command.verdict) return [ask, liftedCommand(inlineCodeNode(command.verdict.command, command.node), 'bash', consequenceTitle, place)];
  const manual: Record<string, unknown> = { manual: capitalise(action), title: consequenceTitle };
  if (ESCALATE.test(action)) manual.end = 'escalated';
  return [ask, liftedStep(manual, position, place)];
}

/**
 * Sibling headings "Option A: …", "Option B: …" (or Alternative / Approach / Method 1, 2…) → an
 * `ask` before the first ("Which option?", one choice per heading), and after each option but the
 * last a `goto` past the others.
 */
export function optionsOf(headings: RawHeading[], textLength: number): Lifted[] {
  const lifted: Lifted[] = [];
  for (let index = 0; index < headings.length; index++) {
    const group = optionGroup(headings, index);
    if (group.length < 2) continue;
    const last = group[group.length - 1]!;
    const after = headings.slice(last + 1).find((heading) => heading.depth <= headings[index]!.depth);
    const groupEnd = after?.node.position?.start.offset ?? textLength;
    const choices: Record<string, string> = {};
    const targets: Record<string, number> = {};
    for (const at of group) {
      const heading = headings[at]!;
      choices[heading.text] = 'next';
      targets[heading.text] = heading.node.position?.end.offset ?? 0;
    }
    const first = headings[group[0]!]!.node.position!;
    lifted.push(liftedStep({ ask: 'Which option?', choices }, first, { where: 'before', offset: first.start.offset ?? 0, from: first.start.offset ?? 0 }, targets));
    for (const at of group.slice(1)) {
      const place = headings[at]!.node.position!;
      const position = { start: place.start, end: place.start };
      lifted.push(liftedStep({ goto: 'next', title: 'Past the other options' }, position, { where: 'before', offset: place.start.offset ?? 0, from: place.start.offset ?? 0 }, { goto: groupEnd }));
    }
    index = last;
  }
  return lifted;
}

const OPTION = /^(option|alternative|approach|method|solution)\s+([a-z]|\d{1,2})\b/i;

/** Indexes of the option headings that start at `index`: same depth, only deeper headings between. */
function optionGroup(headings: RawHeading[], index: number): number[] {
  const first = headings[index]!;
  if (!OPTION.test(first.text)) return [];
  const group = [index];
  for (let at = index + 1; at < headings.length; at++) {
    const heading = headings[at]!;
    if (heading.depth > first.depth) continue;
    if (heading.depth < first.depth || !OPTION.test(heading.text)) break;
    group.push(at);
  }
  return group;
}

function asQuestion(condition: string): string {
  return `${capitalise(condition.trim().replace(/[.?:,]+$/, ''))}?`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
