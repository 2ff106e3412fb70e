import type { Extension } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { skipLiteralAutolinkTransform } from '../../engine/parse/skip-literal-autolink-transform.js';
import { ourRunbookTexts } from './our-runbooks.js';

const whole = unified().use(remarkParse).use(remarkGfm).freeze();
const skipping = unified().use(remarkParse).use(remarkGfm).use(skipLiteralAutolinkTransform).freeze();
const [transform] = gfmAutolinkLiteralFromMarkdown().transforms!;

type Extensions = Array<Extension | Extensions>;
const flatten = (extensions: Extensions): Extension[] => extensions.flatMap((extension) => (Array.isArray(extension) ? flatten(extension) : [extension]));
const transformsOf = (processor: typeof whole): unknown[] =>
  flatten((processor.data('fromMarkdownExtensions') ?? []) as Extensions).flatMap((extension) => extension.transforms ?? []);

/** URLs and addresses in the places a runbook has them. */
const links = [
  '# Deploy to https://example.com/app (prod)',
  '## Check www.status.example.org, then mail ops@example.com.',
  'Open <https://grafana.example.com/d/abc> or https://grafana.example.com/d/abc?from=now-1h&to=now.',
  '- dashboards: http://x.y/z, https://a.b/c_(d)',
  '- the runbook at github.com/org/repo and https://github.com/org/repo#readme',
  '| link | https://example.com/table |\n| --- | --- |\n| www.example.com | a@b.co |',
  '> See https://example.com/quote.\n\n```bash\ncurl -s https://example.com/health\n```',
].join('\n\n');

describe('skipLiteralAutolinkTransform', () => {
  it('takes the literal-autolink transform out of the mdast conversion, and only it', () => {
    expect(transformsOf(whole)).toContain(transform);
    expect(transformsOf(skipping)).not.toContain(transform);
    expect(transformsOf(skipping)).toHaveLength(transformsOf(whole).length - 1);
  });

  it('gives the trees remark-gfm gives, for URLs and addresses where runbooks have them and for our runbooks', () => {
    const texts = [links, ...ourRunbookTexts()];
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(skipping.parse(text)).toEqual(whole.parse(text));
  });
});
