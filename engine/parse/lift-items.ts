import type { Code, InlineCode, ListItem, Nodes, Paragraph, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Position } from 'unist';
import type { LiftPlace, RawAnnotation, RawItem } from './types.js';

/** A step lifted from prose, with the offset that orders it among the document's steps. */
export interface Lifted {
  start: number;
  item: RawItem;
}

const TITLE_LENGTH = 72;

/** A lifted step's keys, as if an author had written them in a comment at `position`. */
export function liftedAnnotation(data: Record<string, unknown>, position: Position, liftTargets?: Record<string, number>): RawAnnotation {
  const annotation: RawAnnotation = { origin: 'lifted', data, invalid: false, position, place: () => position };
  if (liftTargets) annotation.liftTargets = liftTargets;
  return annotation;
}

/** A standalone lifted step (`manual`, `ask`, `goto`, `end`). */
export function liftedStep(data: Record<string, unknown>, position: Position, place: LiftPlace, liftTargets?: Record<string, number>): Lifted {
  const annotation = liftedAnnotation(data, position, liftTargets);
  annotation.liftPlace = place;
  return { start: position.start.offset ?? 0, item: { kind: 'annotation', annotation } };
}

/** `runbook lift` writes the step after (or before) `node`, at its indentation. */
export function placeOf(node: Nodes, where: 'after' | 'before'): LiftPlace {
  const position = node.position!;
  return { where, offset: (where === 'after' ? position.end.offset : position.start.offset) ?? 0, from: position.start.offset ?? 0 };
}

/** A lifted command: an inline command (a code node made for it) or an unlabelled code block. */
export function liftedCommand(node: Code, lang: string, title: string | undefined, place: LiftPlace): Lifted {
  const position = node.position!;
  const annotation = title ? liftedAnnotation({ title }, position) : undefined;
  return { start: position.start.offset ?? 0, item: { kind: 'fence', fence: { node, lang, lifted: true, liftPlace: place, ...(annotation ? { annotation } : {}) } } };
}

/** A code node for a command found in inline code, placed where the inline code is. */
export function inlineCodeNode(command: string, at: InlineCode): Code {
  return { type: 'code', lang: 'bash', meta: null, value: command, position: at.position };
}

/** Plain text of a node, whitespace collapsed. */
export function plainText(node: Nodes): string {
  return toString(node).replace(/\s+/g, ' ').trim();
}

/** The Markdown of a list item's content (marker and indentation dropped), as its author wrote it. */
export function itemMarkdown(item: ListItem, source: string): string {
  const first = item.children[0]?.position?.start.offset;
  const last = item.children[item.children.length - 1]?.position?.end.offset;
  if (first === undefined || last === undefined) return plainText(item);
  return source
    .slice(first, last)
    .replace(/\n[ \t]+/g, '\n')
    .trim();
}

/** `text` cut to a title's length at a word boundary. */
export function shorten(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= TITLE_LENGTH) return clean;
  const cut = clean.slice(0, TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

/** "**List inventory** – run …" → "List inventory": a bold or italic lead followed by a dash or colon. */
export function leadLabel(paragraph: Paragraph): string | undefined {
  const first = paragraph.children[0];
  if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return undefined;
  const label = plainText(first).replace(/[:.–—-]+$/, '').trim();
  const rest = paragraph.children[1];
  const after = rest?.type === 'text' ? rest.value : '';
  if (rest && !/^\s*[:–—-]|^\s*$/.test(after) && !/[:]$/.test(plainText(first))) return undefined;
  return label || undefined;
}

/** The first sentence of `text`, without a trailing colon or full stop. */
export function firstSentence(text: string): string {
  const sentence = /^(.+?[.!?:])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.replace(/[.:]+$/, '').trim();
}

/** What people would call an item: its bold lead, else its first sentence. */
export function itemTitle(item: ListItem): string | undefined {
  const paragraph = item.children.find((child): child is Paragraph => child.type === 'paragraph');
  if (!paragraph) return undefined;
  const label = leadLabel(paragraph);
  if (label) return shorten(label);
  const text = firstSentence(plainText(paragraph));
  return text ? shorten(text) : undefined;
}

/** Each inline code of a paragraph with the words of its sentence before it. */
export function inlineCodes(paragraph: Paragraph): { node: InlineCode; before: string }[] {
  const found: { node: InlineCode; before: string }[] = [];
  let before = '';
  const visit = (children: PhrasingContent[]) => {
    for (const child of children) {
      if (child.type === 'inlineCode') {
        found.push({ node: child, before });
        before += child.value;
      } else if ('children' in child) visit(child.children as PhrasingContent[]);
      else if ('value' in child) before += child.value;
      // The sentence before a code span is what gives it its sense: start over at a full stop.
      const stop = /[.!?]\s+([^.!?]*)$/.exec(before);
      if (stop) before = stop[1]!;
    }
  };
  visit(paragraph.children);
  return found;
}
