import type { Code, List, ListItem, Nodes, Paragraph, Parents, RootContent } from 'mdast';
import { inlineCommand, startsImperative } from './lift-command.js';
import { codeBlockIsCommands, UNLABELLED_LANGS } from './lift-code-block.js';
import { decisionOf } from './lift-decisions.js';
import { fenceLanguage } from './fence-language.js';
import {
  inlineCodeNode,
  inlineCodes,
  itemMarkdown,
  itemTitle,
  leadLabel,
  liftedCommand,
  liftedStep,
  placeOf,
  plainText,
  shorten,
  type Lifted,
} from './lift-items.js';

/** What lifting needs to know about the document. */
export interface LiftContext {
  source: string;
  /** Is this code node a shell fence (already a step)? */
  isShellFence: (node: Code) => boolean;
}

/**
 * The prose procedures of a document as steps (docs/lifting.md): list items of procedure lists
 * (a command step per runnable inline command, else a `manual` step with the item's text),
 * "If …" decisions (`ask`), unlabelled code blocks whose lines are commands. In document order.
 */
export function liftProcedures(root: Parents, context: LiftContext): Lifted[] {
  const lifted: Lifted[] = [];
  const walk = (parent: Parents, inProcedure: boolean, title?: string) => {
    parent.children.forEach((node: Nodes, index: number) => {
      const next = parent.children[index + 1] as RootContent | undefined;
      if (node.type === 'list') liftList(node);
      else if (node.type === 'code') liftCode(node, title);
      else if (node.type === 'paragraph') lifted.push(...decisionOf(node, next, inProcedure));
      else if (node.type === 'blockquote' || node.type === 'root') walk(node, inProcedure);
    });
  };

  const liftList = (list: List) => {
    const procedure = isProcedure(list, context);
    for (const item of list.children) liftItem(item, procedure);
  };

  const liftItem = (item: ListItem, procedure: boolean) => {
    const title = itemTitle(item);
    const paragraphs = item.children.filter((child): child is Paragraph => child.type === 'paragraph');
    const opensWithIf = item.children[0]?.type === 'paragraph' && isIf(item.children[0]);
    const commands = paragraphs.filter((paragraph) => !isIf(paragraph)).flatMap((paragraph) => commandsOf(paragraph));
    const holdsCode = item.children.some((child) => child.type === 'code' && (context.isShellFence(child) || liftableBlock(child)));
    if (!opensWithIf) {
      const label = item.children[0]?.type === 'paragraph' ? leadLabel(item.children[0]) : undefined;
      commands.forEach((found, at) => {
        // "Check pod events via `kubectl …`" → "Check pod events"; a bold lead wins.
        const own = label ? undefined : wordsBefore(found.before);
        const base = own ?? title;
        const name = base ? (!own && commands.length > 1 && at > 0 ? `${base} (${at + 1})` : base) : undefined;
        lifted.push(liftedCommand(inlineCodeNode(found.command, found.node), 'bash', name, placeOf(found.paragraph, 'after')));
      });
      if (commands.length === 0 && !holdsCode && procedure && paragraphs.length > 0) {
        const position = { start: item.children[0]!.position!.start, end: item.children[item.children.length - 1]!.position!.end };
        const text = itemMarkdown(item, context.source);
        // After the item's first block: before what comes later in the run (nested lists, decisions).
        const place = { where: 'after' as const, offset: item.children[0]!.position!.end.offset ?? 0, from: position.start.offset ?? 0 };
        lifted.push(liftedStep(title && title !== text ? { manual: text, title } : { manual: text }, position, place));
      }
    }
    walk(item, procedure, title);
  };

  const liftCode = (node: Code, title: string | undefined) => {
    if (context.isShellFence(node) || !liftableBlock(node)) return;
    const verdict = codeBlockIsCommands(node.value)!;
    lifted.push(liftedCommand(node, verdict.transcript ? 'console' : 'bash', title, { where: 'block', offset: node.position!.start.offset ?? 0, from: node.position!.start.offset ?? 0 }));
  };

  walk(root, false);
  return lifted;
}

/** An untyped, `text` or indented code block whose lines are commands. */
function liftableBlock(node: Code): boolean {
  return UNLABELLED_LANGS.has(fenceLanguage(node)) && codeBlockIsCommands(node.value) !== undefined;
}

/** The runnable commands in a paragraph's inline code. */
function commandsOf(paragraph: Paragraph) {
  const only = paragraph.children.length === 1 && paragraph.children[0]!.type === 'inlineCode';
  return inlineCodes(paragraph).flatMap(({ node, before }) => {
    const verdict = inlineCommand(node.value, before, only);
    return 'command' in verdict ? [{ command: verdict.command, node, before, paragraph }] : [];
  });
}

function isIf(node: Nodes): boolean {
  return node.type === 'paragraph' && /^if\b/i.test(plainText(node));
}

/**
 * A list is a procedure when it is ordered (and not a list of links), or when at least half of
 * its items open with a verb ("Check …") or hold a command. Other lists (requirements, reasons,
 * metrics) are documentation; their commands are still lifted, their other items are not steps.
 */
function isProcedure(list: List, context: LiftContext): boolean {
  const items = list.children;
  if (items.length === 0) return false;
  if (list.ordered) return !items.every((item) => plainText(item) === '' || onlyLinks(item));
  const steps = items.filter((item) => {
    const paragraph = item.children.find((child): child is Paragraph => child.type === 'paragraph');
    if (!paragraph) return false;
    const label = leadLabel(paragraph);
    const text = plainText(paragraph);
    const body = label ? text.slice(text.indexOf(label) + label.length).replace(/^[\s:–—-]+/, '') : text;
    return startsImperative(body) || commandsOf(paragraph).length > 0 || item.children.some((child) => child.type === 'code' && context.isShellFence(child));
  });
  return steps.length * 2 >= items.length;
}

function onlyLinks(item: ListItem): boolean {
  return item.children.every(
    (child) => child.type === 'paragraph' && child.children.every((inline) => inline.type === 'link' || (inline.type === 'text' && inline.value.trim() === '')),
  );
}

/** The words that introduce a command, without the connector: "Check pod events via " → "Check pod events". */
function wordsBefore(before: string): string | undefined {
  let text = before.replace(/[*_`]/g, '').trim();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/(\s*\b(via|run|running|using|use|with|by|execute|invoke|call|and|or|then|the command|command)|\s*[:(–—,-])\s*$/i, '').trim();
  }
  return text.split(/\s+/).length >= 2 ? shorten(text.charAt(0).toUpperCase() + text.slice(1)) : undefined;
}
