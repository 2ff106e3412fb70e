import type { Nodes, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export type SpanStyle = 'plain' | 'strong' | 'emphasis' | 'code' | 'heading' | 'quote' | 'delete';

export interface ProseSpan {
  text: string;
  style: SpanStyle;
}

/** One line of prose for the terminal: indentation, a bullet or number, then styled text. */
export interface ProseLine {
  indent: number;
  marker?: string;
  spans: ProseSpan[];
}

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Markdown prose → lines for the terminal: headings, emphasis, inline code, lists and quotes
 * keep their meaning through styles; links become their text; HTML comments (annotations) and
 * images disappear. Long lines are left for the terminal to wrap.
 */
export function renderProse(markdown: string): ProseLine[] {
  if (markdown.trim() === '') return [];
  const tree = processor.parse(markdown) as Root;
  const lines: ProseLine[] = [];
  for (const node of tree.children) blockLines(node, 0, lines, 'plain');
  // No blank line at the start or end, never two in a row.
  return lines.filter((line, index) => !(isBlank(line) && (index === 0 || isBlank(lines[index - 1]!) || index === lines.length - 1)));
}

function blockLines(node: RootContent, indent: number, lines: ProseLine[], base: SpanStyle): void {
  switch (node.type) {
    case 'heading':
      separate(lines);
      lines.push({ indent, spans: inline(node.children, 'heading') });
      return;
    case 'paragraph':
      separate(lines);
      for (const spans of splitBreaks(inline(node.children, base))) lines.push({ indent, spans });
      return;
    case 'blockquote':
      separate(lines);
      for (const child of node.children) blockLines(child, indent + 2, lines, 'quote');
      return;
    case 'list': {
      if (indent === 0) separate(lines);
      let number = node.start ?? 1;
      for (const item of node.children) {
        const marker = node.ordered ? `${number++}.` : item.checked === true ? '[x]' : item.checked === false ? '[ ]' : '•';
        const start = lines.length;
        for (const child of item.children) {
          if (child.type === 'paragraph') {
            for (const spans of splitBreaks(inline(child.children, base))) lines.push({ indent: indent + marker.length + 1, spans });
          } else {
            blockLines(child, indent + marker.length + 1, lines, base);
          }
        }
        const first = lines[start];
        if (first) lines[start] = { ...first, indent, marker };
        else lines.push({ indent, marker, spans: [] });
      }
      return;
    }
    case 'code':
      separate(lines);
      for (const text of node.value.split('\n')) lines.push({ indent: indent + 2, spans: [{ text, style: 'code' }] });
      return;
    case 'table':
      separate(lines);
      for (const row of node.children) {
        const cells = row.children.map((cell) => inline(cell.children, base).map((span) => span.text).join(''));
        lines.push({ indent, spans: [{ text: cells.join(' │ '), style: base }] });
      }
      return;
    case 'thematicBreak':
      separate(lines);
      lines.push({ indent, spans: [{ text: '───', style: 'plain' }] });
      return;
    case 'html':
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return;
    default:
      if ('children' in node) for (const child of node.children as RootContent[]) blockLines(child, indent, lines, base);
      else if ('value' in node && typeof node.value === 'string') lines.push({ indent, spans: [{ text: node.value, style: base }] });
  }
}

function inline(nodes: readonly Nodes[], style: SpanStyle): ProseSpan[] {
  const spans: ProseSpan[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        spans.push({ text: node.value.replace(/\n/g, ' '), style });
        break;
      case 'inlineCode':
        spans.push({ text: node.value, style: 'code' });
        break;
      case 'strong':
        spans.push(...inline(node.children, style === 'heading' ? style : 'strong'));
        break;
      case 'emphasis':
        spans.push(...inline(node.children, style === 'heading' || style === 'strong' ? style : 'emphasis'));
        break;
      case 'delete':
        spans.push(...inline(node.children, 'delete'));
        break;
      case 'break':
        spans.push({ text: '\n', style });
        break;
      case 'image':
        if (node.alt) spans.push({ text: node.alt, style });
        break;
      case 'html':
        break;
      default:
        if ('children' in node) spans.push(...inline(node.children as Nodes[], style));
        else if ('value' in node && typeof node.value === 'string') spans.push({ text: node.value, style });
    }
  }
  return merge(spans);
}

function splitBreaks(spans: ProseSpan[]): ProseSpan[][] {
  const rows: ProseSpan[][] = [[]];
  for (const span of spans) {
    if (span.text === '\n') rows.push([]);
    else rows[rows.length - 1]!.push(span);
  }
  return rows;
}

function merge(spans: ProseSpan[]): ProseSpan[] {
  const merged: ProseSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.style === span.style && span.text !== '\n' && last.text !== '\n') last.text += span.text;
    else if (span.text !== '') merged.push({ ...span });
  }
  return merged;
}

function separate(lines: ProseLine[]): void {
  if (lines.length > 0) lines.push({ indent: 0, spans: [] });
}

function isBlank(line: ProseLine): boolean {
  return line.spans.length === 0 && line.marker === undefined;
}

/** The text of a line as plain characters (for measuring and for tests). */
export function proseLineText(line: ProseLine): string {
  return ' '.repeat(line.indent) + (line.marker ? line.marker + ' ' : '') + line.spans.map((span) => span.text).join('');
}
