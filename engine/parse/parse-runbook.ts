import GithubSlugger from 'github-slugger';
import type { Code, Heading, Html, Nodes, Parents, Root, Yaml } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { findRunbookComments } from './find-runbook-comments.js';
import { headingId } from './heading-id.js';
import { isAttributeBlock, shellLang } from './fence-language.js';
import { useLinearEditMap } from './linear-edit-map.js';
import { skipLiteralAutolinkTransform } from './skip-literal-autolink-transform.js';
import { mapNodeValue } from './map-node-value.js';
import { parseAnnotation } from './parse-annotation.js';
import { parseInfoAttributes } from './parse-info-attributes.js';
import { createSourceIndex } from './source-index.js';
import { unclosedFence } from './unclosed-fence.js';
import type { ParsedRunbook, RawAnnotation, RawFence, RawHeading, RawItem } from './types.js';

useLinearEditMap();

export { SHELL_LANGS, shellLang } from './fence-language.js';

const withFrontMatter = unified().use(remarkParse).use(remarkGfm).use(skipLiteralAutolinkTransform).use(remarkFrontmatter, ['yaml']);
// Front matter can only open the file: without a leading `---` the extension finds nothing and
// only costs time (it is tried at every block), so such files skip it.
const withoutFrontMatter = unified().use(remarkParse).use(remarkGfm).use(skipLiteralAutolinkTransform);

/** The info string after the language; ```` ```sh{name=x} ```` (no space) keeps its attributes. */
function metaOf(node: Code): string | undefined {
  if (isAttributeBlock(node)) return undefined;
  const brace = node.lang?.indexOf('{') ?? -1;
  if (brace === -1) return node.meta ?? undefined;
  return node.lang!.slice(brace) + (node.meta ? ` ${node.meta}` : '');
}

/**
 * file → mdast → raw steps and annotations, in document order, with their places.
 * YAML errors, unclosed fences and unclosed comments are reported on `file` (fatal).
 */
export function parseRunbook(file: VFile): ParsedRunbook {
  const source = createSourceIndex(String(file.value ?? ''));
  const processor = source.text.startsWith('---') ? withFrontMatter : withoutFrontMatter;
  const tree = processor.parse(file) as Root;
  const slugger = new GithubSlugger();
  const parsed: ParsedRunbook = { tree, items: [], headings: [] };
  const annotated = new Map<Code, RawAnnotation>();
  const fences = new Map<Code, RawFence>();

  const report = (reason: string, place: Position | Point | undefined, ruleId: string, fatal = true) => {
    const message = file.message(reason, { place, ruleId, source: 'runbook' });
    message.fatal = fatal;
  };

  const first = tree.children[0];
  if (first?.type === 'yaml') readFrontMatter(first);

  const visit = (parent: Parents) => {
    parent.children.forEach((node: Nodes, index: number) => {
      switch (node.type) {
        case 'heading':
          parsed.headings.push(readHeading(node));
          break;
        case 'html':
          readHtml(node, parent.children[index + 1]);
          break;
        case 'code':
          readCode(node, parent.children[index - 1]);
          break;
        default:
          if ('children' in node) visit(node);
      }
    });
  };
  visit(tree);
  return parsed;

  function readHeading(node: Heading): RawHeading {
    const { text, id } = headingId(toString(node).trim());
    return { node, depth: node.depth, text, slug: id ?? slugger.slug(text) };
  }

  function readFrontMatter(node: Yaml) {
    const firstLine = (node.position?.start.line ?? 1) + 1;
    const base = source.lineStart(firstLine);
    const annotation = parseAnnotation(node.value, (index) => source.point(base + index), node.position!, file, 'front matter');
    parsed.frontMatterAnnotation = annotation;
    const data = annotation.data;
    if (data && typeof data === 'object' && !Array.isArray(data)) parsed.frontMatter = data as Record<string, unknown>;
  }

  function readHtml(node: Html, next: Nodes | undefined) {
    const comments = findRunbookComments(node.value);
    if (comments.length === 0) return;
    const toPoint = mapNodeValue(node, source);
    comments.forEach((comment, index) => {
      const position: Position = { start: toPoint(comment.start), end: toPoint(comment.end) };
      if (!comment.closed) {
        report('Unclosed annotation comment, expected `-->`', position.start, 'unclosed-comment');
        return;
      }
      const annotation = parseAnnotation(comment.yaml, (at) => toPoint(comment.yamlStart + at), position, file);
      if (isSettings(annotation.data)) {
        if (parsed.items.length > 0 || parsed.settingsAnnotation) {
          report(
            'Unexpected document settings after the first step, expected them in front matter or in an annotation before the first step',
            annotation.place(['runbook'], 'key'),
            'settings-place',
          );
        } else parsed.settingsAnnotation = annotation;
        return;
      }
      const last = index === comments.length - 1;
      const onlySpaceAfter = node.value.slice(comment.end).trim() === '';
      if (last && onlySpaceAfter && next?.type === 'code' && shellLang(next)) {
        annotated.set(next, annotation);
        return;
      }
      parsed.items.push({ kind: 'annotation', annotation });
    });
  }

  function readCode(node: Code, previous: Nodes | undefined) {
    checkClosed(node);
    const lang = shellLang(node);
    if (!lang) {
      if (node.lang?.split('{')[0]!.toLowerCase() === 'output') {
        const owner = previous?.type === 'code' ? fences.get(previous) : undefined;
        if (owner && !owner.output) owner.output = node;
        else
          report(
            'Unexpected `output` fence, expected it directly after a shell fence',
            node.position,
            'output-fence',
            false,
          );
      }
      return;
    }
    const fence: RawFence = { node, lang };
    const annotation = annotated.get(node);
    if (annotation) fence.annotation = annotation;
    const attributes = parseInfoAttributes(metaOf(node));
    if (attributes) {
      const openingLine = fenceOpening(node);
      if ('error' in attributes) report(attributes.error, openingLine, 'fence-attributes');
      else
        fence.attributes = {
          origin: 'attributes',
          data: attributes.keys,
          invalid: false,
          position: openingLine,
          place: () => openingLine,
        };
    }
    fences.set(node, fence);
    const item: RawItem = { kind: 'fence', fence };
    parsed.items.push(item);
  }

  function fenceOpening(node: Code): Position {
    const start = node.position!.start;
    const line = source.line(start.line);
    return { start, end: { line: start.line, column: line.length + 1, offset: source.lineStart(start.line) + line.length } };
  }

  function checkClosed(node: Code) {
    const marker = unclosedFence(node, source);
    if (marker)
      report(
        `Unclosed code fence, expected a closing fence of ${marker.length} or more ${marker[0] === '`' ? 'backticks' : 'tildes'}`,
        fenceOpening(node),
        'unclosed-fence',
      );
  }
}

function isSettings(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'runbook' in data;
}
