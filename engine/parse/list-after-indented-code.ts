import { list } from 'micromark-core-commonmark';
import type { Construct, Extension, TokenizeContext, Tokenizer } from 'micromark-util-types';
import type { Processor } from 'unified';

/**
 * micromark (4.0.x) reads an ordered list that does not start at 1 right after an indented code
 * block as a paragraph (micromark/micromark PR #228, not released): indented code has no closing
 * token, so the document tokenizer still thinks a construct is open and applies the rule that
 * only a list starting at 1 may interrupt a paragraph. CommonMark (commonmark.js, cmark,
 * markdown-it) opens the list. Where no paragraph is open (after a blank line, or after indented
 * code) there is nothing to interrupt: this construct, tried before micromark's own list for the
 * digits 0–9, clears `interrupt` there.
 * Scoped to our processor (a micromark extension), tested against commonmark.js.
 */
const tokenize: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  if (this.interrupt && noParagraphOpen(this)) this.interrupt = false;
  return list.tokenize.call(this, effects, ok, nok);
};

const afterIndentedCode: Construct = { ...list, name: 'listAfterIndentedCode', tokenize };

/**
 * Going back over the lines before this one: a blank line, or indented lines back to the start,
 * mean no paragraph is open (indented lines after a blank are code); a line that is neither
 * blank nor indented means one may be (its indented followers are its continuation).
 */
function noParagraphOpen(self: TokenizeContext): boolean {
  for (let index = self.events.length - 1; index >= 0; index--) {
    const [kind, token] = self.events[index]!;
    if (kind !== 'exit' || token.type !== 'chunkFlow') continue;
    const line = self.sliceSerialize(token);
    if (line.trim() === '') return true;
    if (!/^( {4}|\t| {1,3}\t)/.test(line)) return false;
  }
  return true;
}

const digits: Record<number, Construct> = {};
for (let code = 48; code <= 57; code++) digits[code] = afterIndentedCode;

export const listAfterIndentedCode: Extension = { document: digits };

/** The unified plugin adding it to remark-parse. */
export function remarkListAfterIndentedCode(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: Extension[] };
  (data.micromarkExtensions ??= []).push(listAfterIndentedCode);
}
