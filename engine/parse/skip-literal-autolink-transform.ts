import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import type { Extension } from 'mdast-util-from-markdown';
import type { Processor } from 'unified';

const [literalAutolinkTransform] = gfmAutolinkLiteralFromMarkdown().transforms ?? [];

type Extensions = Array<Extension | Extensions>;

/**
 * A unified plugin, used after remark-gfm: drops the literal-autolink transform remark-gfm adds
 * to the mdast conversion (it searches every text node for bare URLs and e-mail addresses that
 * the tokenizer did not already make links of). The step graph uses no link nodes (steps,
 * annotations, headings and their anchors are the same either way; prose is sliced from the
 * source), and the search took about a quarter of parsing a 200-step runbook (figures in
 * docs/workarounds.md). The TUI's prose rendering keeps remark-gfm whole.
 */
export function skipLiteralAutolinkTransform(this: Processor): void {
  const strip = (extension: Extension | Extensions): Extension | Extensions => {
    if (Array.isArray(extension)) return extension.map(strip);
    if (!extension.transforms?.includes(literalAutolinkTransform!)) return extension;
    return { ...extension, transforms: extension.transforms.filter((transform) => transform !== literalAutolinkTransform) };
  };
  const data = this.data();
  data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).map(strip) as typeof data.fromMarkdownExtensions;
}
