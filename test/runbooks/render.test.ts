import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { repoRoot, runbookFiles } from './runbook-files.js';

/**
 * The oracle, written without the engine's parser: remove every `<!-- runbook … -->` span
 * from the text. When a comment fills its lines, the lines go too (as an author deleting the
 * annotation would), so an annotation that glues or splits blocks shows up as a difference.
 */
export function stripAnnotations(text: string): { text: string; count: number } {
  let count = 0;
  const stripped = text.replace(/([ \t]*)<!--\s*runbook\b[\s\S]*?-->([ \t]*\r?\n|[ \t]*$)?/g, (match, lead: string, tail: string | undefined, offset: number) => {
    count += 1;
    const atLineStart = offset === 0 || text[offset - 1] === '\n';
    return atLineStart && tail !== undefined ? '' : lead + (tail ?? '');
  });
  return { text: stripped, count };
}

/** Drops what GitHub does not display: HTML comments (raw nodes holding only comments). */
function dropComments() {
  return (tree: HastRoot) => {
    visit(tree, (node, index, parent) => {
      const isComment = node.type === 'comment' || (node.type === 'raw' && /^\s*<!--[\s\S]*?-->\s*$/.test((node as { value: string }).value));
      if (isComment && parent && index !== undefined) {
        (parent.children as HastContent[]).splice(index, 1);
        return index;
      }
      return undefined;
    });
  };
}

const renderer = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(dropComments)
  .use(rehypeStringify, { allowDangerousHtml: true });

/** GitHub's HTML for a Markdown file, near enough: blank text between blocks does not show. */
function render(markdown: string): string {
  const html = String(renderer.processSync(markdown));
  return html.replace(/>\s+</g, '><').trim();
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

describe('the oracle', () => {
  it('removes annotations and nothing else', () => {
    const source = 'Text.\n\n<!-- runbook\nid: a\n-->\n```bash\nls\n```\n\nInline <!-- runbook end: resolved --> here.\n<!-- a plain comment -->\n';
    const { text, count } = stripAnnotations(source);
    expect(count).toBe(2);
    expect(text).toBe('Text.\n\n```bash\nls\n```\n\nInline  here.\n<!-- a plain comment -->\n');
  });

  it('tells a rendering difference apart', () => {
    const glued = 'First paragraph.\n<!-- runbook end: resolved -->\nSecond paragraph.\n';
    expect(render(glued)).not.toBe(render(stripAnnotations(glued).text));
  });
});

describe.each(runbookFiles())('%s', (file) => {
  const source = readFileSync(join(repoRoot, file), 'utf8');
  const { text: plain, count } = stripAnnotations(source);

  it('has annotations (it is executable, not just prose)', () => {
    expect(count).toBeGreaterThan(0);
  });

  it('renders exactly like the same file with its annotations removed', () => {
    expect(render(source)).toBe(render(plain));
  });

  it('keeps every annotation out of code (fences and inline code would show it)', () => {
    const tree = parser.parse(source) as MdastRoot;
    const inCode: string[] = [];
    let inHtml = 0;
    visit(tree, (node) => {
      if ((node.type === 'code' || node.type === 'inlineCode') && /<!--\s*runbook\b/.test(node.value)) {
        inCode.push(`${file}:${node.position?.start.line}`);
      }
      if (node.type === 'html') inHtml += (node.value.match(/<!--\s*runbook\b/g) ?? []).length;
    });
    expect(inCode).toEqual([]);
    expect(inHtml).toBe(count);
  });
});
