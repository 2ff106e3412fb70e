import GithubSlugger from 'github-slugger';
import type { Code, Heading, Html, Nodes, Parents, Root, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { findRunbookComments } from './find-runbook-comments.js';
import { headingId } from './heading-id.js';
import { remarkListAfterIndentedCode } from './list-after-indented-code.js';
import { isAttributeBlock, jsLang, shellLang } from './fence-language.js';
import { withLinearEditMap } from './linear-edit-map.js';
import { findMarkdownOverLimits } from './markdown-limits.js';
import { skipLiteralAutolinkTransform } from './skip-literal-autolink-transform.js';
import { mapNodeValue } from './map-node-value.js';
import { nodeText } from './node-text.js';
import { parseAnnotation } from './parse-annotation.js';
import { parseInfoAttributes } from './parse-info-attributes.js';
import { createSourceIndex, type SourceIndex } from './source-index.js';
import { unclosedFence } from './unclosed-fence.js';
import type { ParsedRunbook, RawAnnotation, RawFence, RawHeading, RawItem } from './types.js';

export { SHELL_LANGS, shellLang } from './fence-language.js';

const withFrontMatter = unified().use(remarkParse).use(remarkListAfterIndentedCode).use(remarkGfm).use(skipLiteralAutolinkTransform).use(remarkFrontmatter, ['yaml']);
// Front matter can only open the file: without a leading `---` the extension finds nothing and
// only costs time (it is tried at every block), so such files skip it.
const withoutFrontMatter = unified().use(remarkParse).use(remarkListAfterIndentedCode).use(remarkGfm).use(skipLiteralAutolinkTransform);

/** The info string after the language; ```` ```sh{name=x} ```` (no space) keeps its attributes. */
function metaOf(node: Code): string | undefined {
  if (isAttributeBlock(node)) return undefined;
  const brace = node.lang?.indexOf('{') ?? -1;
  if (brace === -1) return node.meta ?? undefined;
  return node.lang!.slice(brace) + (node.meta ? ` ${node.meta}` : '');
}

/** What the readers of one document share while it is walked. */
interface Reader {
  file: VFile;
  source: SourceIndex;
  parsed: ParsedRunbook;
  slugger: GithubSlugger;
  /** Annotations waiting for the fence right after them. */
  annotated: Map<Code, RawAnnotation>;
  fences: Map<Code, RawFence>;
}

function report(reader: Reader, reason: string, place: Position | Point | undefined, ruleId: string, fatal = true): void {
  const message = reader.file.message(reason, { place, ruleId, source: 'runbook' });
  message.fatal = fatal;
}

/**
 * file → mdast → raw steps and annotations, in document order, with their places.
 * YAML errors, unclosed fences and unclosed comments are reported on `file` (fatal). Markdown
 * over the limits remark parses in linear time (`markdown-limits.ts`) is one error, unparsed.
 */
export function parseRunbook(file: VFile): ParsedRunbook {
  const source = createSourceIndex(String(file.value ?? ''));
  const reader: Reader = { file, source, parsed: { tree: { type: 'root', children: [] }, items: [], headings: [] }, slugger: new GithubSlugger(), annotated: new Map(), fences: new Map() };
  const overLimit = findMarkdownOverLimits(source.text);
  if (overLimit) {
    report(reader, overLimit.reason, { start: source.point(overLimit.start), end: source.point(overLimit.end) }, overLimit.ruleId);
    return reader.parsed;
  }
  const processor = source.text.startsWith('---') ? withFrontMatter : withoutFrontMatter;
  const tree = withLinearEditMap(() => processor.parse(file) as Root);
  reader.parsed.tree = tree;
  const first = tree.children[0];
  if (first?.type === 'yaml') readFrontMatter(reader, first);
  walk(reader, tree);
  return reader.parsed;
}

/** Visits every block in document order, with an explicit stack (nesting has no depth limit here). */
function walk(reader: Reader, tree: Root): void {
  const stack: { parent: Parents; index: number }[] = [{ parent: tree, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const siblings = frame.parent.children as Nodes[];
    if (frame.index >= siblings.length) {
      stack.pop();
      continue;
    }
    const index = frame.index++;
    const node = siblings[index]!;
    switch (node.type) {
      case 'heading':
        reader.parsed.headings.push(readHeading(reader, node));
        break;
      case 'html':
        readHtml(reader, node, siblings[index + 1]);
        break;
      case 'code':
        readCode(reader, node, siblings[index - 1]);
        break;
      default:
        if ('children' in node) stack.push({ parent: node, index: 0 });
    }
  }
}

function readHeading(reader: Reader, node: Heading): RawHeading {
  const { text, id } = headingId(nodeText(node).trim());
  return { node, depth: node.depth, text, slug: id ?? reader.slugger.slug(text) };
}

function readFrontMatter(reader: Reader, node: Yaml): void {
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const base = reader.source.lineStart(firstLine);
  const annotation = parseAnnotation(node.value, (index) => reader.source.point(base + index), node.position!, reader.file, 'front matter');
  reader.parsed.frontMatterAnnotation = annotation;
  const data = annotation.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) reader.parsed.frontMatter = data as Record<string, unknown>;
}

function readHtml(reader: Reader, node: Html, next: Nodes | undefined): void {
  const comments = findRunbookComments(node.value);
  if (comments.length === 0) return;
  const { parsed } = reader;
  const toPoint = mapNodeValue(node, reader.source);
  comments.forEach((comment, index) => {
    const position: Position = { start: toPoint(comment.start), end: toPoint(comment.end) };
    if (!comment.closed) {
      report(reader, 'Unclosed annotation comment, expected `-->`', position.start, 'unclosed-comment');
      return;
    }
    const annotation = parseAnnotation(comment.yaml, (at) => toPoint(comment.yamlStart + at), position, reader.file);
    if (isSettings(annotation.data)) {
      if (parsed.items.length > 0 || parsed.settingsAnnotation) {
        report(
          reader,
          'Unexpected document settings after the first step, expected them in front matter or in an annotation before the first step',
          annotation.place(['runbook'], 'key'),
          'settings-place',
        );
      } else parsed.settingsAnnotation = annotation;
      return;
    }
    const last = index === comments.length - 1;
    const onlySpaceAfter = node.value.slice(comment.end).trim() === '';
    if (last && onlySpaceAfter && next?.type === 'code' && (shellLang(next) || (jsLang(next) && markedToRun(annotation.data)))) {
      reader.annotated.set(next, annotation);
      return;
    }
    parsed.items.push({ kind: 'annotation', annotation });
  });
}

function readCode(reader: Reader, node: Code, previous: Nodes | undefined): void {
  checkClosed(reader, node);
  const lang = shellLang(node) ?? jsLang(node);
  if (!lang) {
    if (node.lang?.split('{')[0]!.toLowerCase() === 'output') readOutputFence(reader, node, previous);
    return;
  }
  const annotation = reader.annotated.get(node);
  const attributes = parseInfoAttributes(metaOf(node));
  // A JS/TS fence is a step only when marked to run; else it is documentation, as before.
  if (!shellLang(node) && !annotation && !(attributes && 'keys' in attributes && markedToRun(attributes.keys))) return;
  const fence: RawFence = { node, lang };
  if (annotation) fence.annotation = annotation;
  if (attributes) {
    const openingLine = fenceOpening(reader.source, node);
    if ('error' in attributes) report(reader, attributes.error, openingLine, 'fence-attributes');
    else fence.attributes = { origin: 'attributes', data: attributes.keys, invalid: false, position: openingLine, place: () => openingLine };
  }
  reader.fences.set(node, fence);
  const item: RawItem = { kind: 'fence', fence };
  reader.parsed.items.push(item);
}

function readOutputFence(reader: Reader, node: Code, previous: Nodes | undefined): void {
  const owner = previous?.type === 'code' ? reader.fences.get(previous) : undefined;
  if (owner && !owner.output) owner.output = node;
  else report(reader, 'Unexpected `output` fence, expected it directly after a shell fence', node.position, 'output-fence', false);
}

function fenceOpening(source: SourceIndex, node: Code): Position {
  const start = node.position!.start;
  const line = source.line(start.line);
  return { start, end: { line: start.line, column: line.length + 1, offset: source.lineStart(start.line) + line.length } };
}

function checkClosed(reader: Reader, node: Code): void {
  const marker = unclosedFence(node, reader.source);
  if (marker)
    report(
      reader,
      `Unclosed code fence, expected a closing fence of ${marker.length} or more ${marker[0] === '`' ? 'backticks' : 'tildes'}`,
      fenceOpening(reader.source, node),
      'unclosed-fence',
    );
}

/** `run: true`: a JS/TS fence that runs (through zx). */
function markedToRun(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>).run === true;
}

function isSettings(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'runbook' in data;
}
