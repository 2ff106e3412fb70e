import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { linearConsume, useLinearEditMap } from '../../engine/parse/linear-edit-map.js';
import { ourRunbookTexts } from './our-runbooks.js';

type Consume = (this: EditMap, events: Event[]) => void;
const prototype = EditMap.prototype as unknown as { consume: Consume };
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
let original: Consume;

beforeAll(() => {
  // micromark's own (parse-runbook.ts patches only while it parses: with-linear-edit-map.test.ts).
  original = prototype.consume;
  expect(original).not.toBe(linearConsume);
  expect(useLinearEditMap()).toBe(true);
  expect(prototype.consume).toBe(linearConsume);
  expect(useLinearEditMap()).toBe(true);
});

afterEach(() => {
  prototype.consume = linearConsume as Consume;
});

// Files that share this worker's modules (vitest without isolation) get micromark as it was.
afterAll(() => {
  prototype.consume = original;
});

/** Parses with `consume` in place, counting the events it pushes back into the event list. */
function parseWith(consume: Consume, text: string): { tree: unknown; pushed: number; calls: number } {
  let pushed = 0;
  let calls = 0;
  prototype.consume = function (events) {
    calls += 1;
    const push = events.push;
    Object.defineProperty(events, 'push', {
      configurable: true,
      value: (...items: Event[]) => {
        pushed += items.length;
        return push.apply(events, items);
      },
    });
    try {
      consume.call(this, events);
    } finally {
      delete (events as { push?: unknown }).push;
    }
  };
  return { tree: processor.parse(text), pushed, calls };
}

/** Every container that closes: lists, nested lists, quotes, lazy lines, footnotes, tables. */
const containers = [
  '---\ntitle: T\n---\n# Title\n',
  '- one\n- two\n  - nested\n    1. deeper\n\n  lazy\ncontinuation\n\n',
  '> quote\n> - in a list\n>   ```sh\n>   echo in a quote\n>   ```\n\n',
  '1. first\n\n   ```bash\n   cat <<EOF\n   heredoc\n   EOF\n   ```\n2. second\n\n',
  'Text[^1].\n\n[^1]: A footnote\n    with a second line.\n\n',
  '| a | b |\n| --- | --- |\n| 1 | 2 |\n\n<!-- runbook\nid: x\n-->\n~~~sh\necho tilde\n~~~\n\n',
  '* [ ] task\n* [x] done\n\n***\n\n- a\n\n\n- b after two blank lines\n',
].join('');

describe('the linear EditMap.consume', () => {
  it("gives the same tree as micromark's own, for every container and for our runbooks", () => {
    const texts = [containers, containers.repeat(20), ...ourRunbookTexts()];
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(parseWith(linearConsume as Consume, text).tree).toEqual(parseWith(original, text).tree);
  });

  it('puts back only the events from the first edit on, not the whole document before it', () => {
    const manyLists = '# Many lists\n\n' + Array.from({ length: 300 }, (_, i) => `## S${i}\n\n- item ${i}\n- another\n\n`).join('');
    const ours = parseWith(linearConsume as Consume, manyLists);
    const theirs = parseWith(original, manyLists);
    expect(ours.calls).toBe(theirs.calls);
    expect(ours.calls).toBeGreaterThanOrEqual(300);
    // Each of the 300 lists, closing, had micromark's put back every event of the document so far.
    expect(theirs.pushed).toBeGreaterThan(50 * ours.pushed);
    expect(ours.pushed).toBeLessThan(100 * ours.calls);
  });

  it('is left off a class that is not the one it was written for', () => {
    const consume = (events: Event[]) => events;
    class Other {
      map = new Set();
      consume(events: Event[]) {
        return consume(events);
      }
    }
    expect(useLinearEditMap(Other)).toBe(false);
    expect(Other.prototype.consume).not.toBe(linearConsume);
  });
});
