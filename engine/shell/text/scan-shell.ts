import { arithmeticNames, type ArithmeticUse } from './arithmetic-names.js';
import { placeholderInput } from './placeholder-input.js';
import type { ShellContext, ShellPlaceholder, ShellScan, ShellVariable } from './shell-scan.js';

export { placeholderInput } from './placeholder-input.js';
export type { ArithmeticUse } from './arithmetic-names.js';
export type { ShellContext, ShellPlaceholder, ShellScan, ShellVariable } from './shell-scan.js';

const PLACEHOLDER = /^<([A-Za-z][A-Za-z0-9_-]*)>/;
const BACKTICKED_PLACEHOLDER = /^`<([A-Za-z][A-Za-z0-9_-]*)>`/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** A name, or a number with its base and digits (`16#ff`, `0x1F`), in an arithmetic expression. */
const ARITHMETIC_WORD = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_#@]*)/;
const HEREDOC_WORD = /^(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z0-9_.-]+))/;

/**
 * A small, forgiving scan of bash text: quoting (`'…'`, `"…"`, `$'…'`, `\`), command
 * substitution, comments and here-documents. Enough to place `<placeholders>`, find `$NAME`
 * references and mask what is not code. Never throws; unbalanced input just ends the scan.
 */
export function scanShell(text: string): ShellScan {
  const scanner = new ShellScanner(text);
  scanner.run();
  return { placeholders: scanner.placeholders, variables: scanner.variables, arithmetic: scanner.arithmetic, masked: scanner.masked.join('') };
}

interface Frame {
  /** `arith`: inside `$(( ))`, `(( ))` or `$[ ]` (code, like plain, but `<<` is a shift). */
  kind: 'plain' | 'double' | 'arith';
  /** What closes this frame: `)` for `$(`/`<(`, a backtick, `))` or `]` for arithmetic, or nothing at top level. */
  closer?: ')' | '`' | '))' | ']';
  depth: number;
}

interface PendingHeredoc {
  delimiter: string;
  quoted: boolean;
  strip: boolean;
}

/** The scan's state: a stack of quoting frames, pending here-documents, what was found. */
class ShellScanner {
  readonly placeholders: ShellPlaceholder[] = [];
  readonly variables: ShellVariable[] = [];
  readonly arithmetic: ArithmeticUse[] = [];
  readonly masked: string[];
  private readonly stack: Frame[] = [{ kind: 'plain', depth: 0 }];
  private readonly heredocs: PendingHeredoc[] = [];
  private index = 0;
  private wordStart = true;

  constructor(private readonly text: string) {
    this.masked = text.split('');
  }

  run(): void {
    while (this.index < this.text.length) {
      const frame = this.stack[this.stack.length - 1]!;
      if (frame.kind === 'double') this.stepDouble();
      else if (frame.kind === 'arith') this.stepArithmetic(frame);
      else this.stepPlain(frame);
    }
  }

  private mask(from: number, to: number, char: string): void {
    for (let k = from; k < to && k < this.masked.length; k++) if (this.masked[k] !== '\n') this.masked[k] = char;
  }

  private push(closer: ')' | '`', advance: number): void {
    this.stack.push({ kind: 'plain', closer, depth: 0 });
    this.index += advance;
    this.wordStart = true;
  }

  private pushArithmetic(closer: '))' | ']', advance: number): void {
    this.stack.push({ kind: 'arith', closer, depth: 0 });
    this.index += advance;
  }

  /** Inside `$(( ))`, `(( ))` or `$[ ]` (double quotes in it count as in it). */
  private inArithmetic(): boolean {
    for (let k = this.stack.length - 1; k >= 0; k--) if (this.stack[k]!.kind !== 'double') return this.stack[k]!.kind === 'arith';
    return false;
  }

  /** `` `<name>` `` where a backtick would start a command substitution: the value, not a command. */
  private backtickedPlaceholder(context: ShellContext): boolean {
    const end = this.backtickedAt(this.index, context);
    if (end === undefined) return false;
    this.index = end;
    return true;
  }

  /** Records a backticked placeholder at `index`; returns the index after it, or undefined when there is none. */
  private backtickedAt(index: number, context: ShellContext): number | undefined {
    const match = BACKTICKED_PLACEHOLDER.exec(this.text.slice(index, index + 82));
    if (!match) return undefined;
    const name = match[1]!;
    const input = placeholderInput(name);
    if (context !== 'heredoc' && this.inArithmetic()) this.arithmetic.push({ name: input, start: index });
    this.placeholders.push({ name, input, start: index, end: index + match[0].length, context, backticked: true });
    return index + match[0].length;
  }

  /** One token inside double quotes. */
  private stepDouble(): void {
    const { text } = this;
    const char = text[this.index]!;
    if (char === '\\') this.index += 2;
    else if (char === '"') {
      this.stack.pop();
      this.index++;
    } else if (char === '$' && text[this.index + 1] === '(' && text[this.index + 2] === '(') this.pushArithmetic('))', 3);
    else if (char === '$' && text[this.index + 1] === '[') this.pushArithmetic(']', 2);
    else if (char === '$' && text[this.index + 1] === '(') this.push(')', 2);
    else if (char === '`') {
      if (!this.backtickedPlaceholder('double')) this.push('`', 1);
    } else if (char === '$') this.index = this.dollarAt(this.index, 'double');
    else if (char === '<') this.index = this.placeholderAt(this.index, 'double');
    else {
      this.masked[this.index] = char === '\n' ? '\n' : 'x';
      this.index++;
    }
  }

  /** One token outside quotes (at top level or inside `$(…)`, `<(…)` or backticks). */
  private stepPlain(frame: Frame): void {
    const { text } = this;
    const char = text[this.index]!;
    const next = text[this.index + 1];
    if (char === '\\') {
      this.index += 2;
      this.wordStart = false;
    } else if (char === "'") this.singleQuoted();
    else if (char === '$' && next === "'") this.ansiQuoted();
    else if (char === '"') {
      this.stack.push({ kind: 'double', depth: 0 });
      this.index++;
      this.wordStart = false;
    } else if (char === '#' && this.wordStart) this.comment();
    else if (char === '$' && next === '(' && text[this.index + 2] === '(') {
      this.pushArithmetic('))', 3);
      this.wordStart = false;
    } else if (char === '$' && next === '[') {
      this.pushArithmetic(']', 2);
      this.wordStart = false;
    } else if (char === '$' && next === '(') this.push(')', 2);
    else if (char === '$') {
      this.index = this.dollarAt(this.index, 'plain');
      this.wordStart = false;
    } else if (char === '`') {
      if (frame.closer === '`') {
        this.stack.pop();
        this.index++;
        this.wordStart = true;
      } else if (this.backtickedPlaceholder('plain')) this.wordStart = false;
      else this.push('`', 1);
    } else if (char === '(' && next === '(' && this.wordStart) this.pushArithmetic('))', 2);
    else if (char === '(') {
      frame.depth++;
      this.index++;
      this.wordStart = true;
    } else if (char === ')') {
      if (frame.closer === ')' && frame.depth === 0) this.stack.pop();
      else frame.depth = Math.max(0, frame.depth - 1);
      this.index++;
      this.wordStart = true;
    } else if (char === '<') this.lessThan();
    else if (char === '\n' && this.heredocs.length > 0) {
      this.index = this.readHeredocs(this.index + 1);
      this.wordStart = true;
    } else {
      this.wordStart = /[\s;&|{}]/.test(char);
      this.index++;
    }
  }

  /**
   * One token of an arithmetic expression: names (bare or `$`) are recorded as arithmetic
   * uses; `<<` is a shift and `#` a base (`16#ff`), never a here-document or a comment.
   */
  private stepArithmetic(frame: Frame): void {
    const { text } = this;
    const char = text[this.index]!;
    const next = text[this.index + 1];
    if (char === '\\') this.index += 2;
    else if (char === "'") this.singleQuoted();
    else if (char === '"') {
      this.stack.push({ kind: 'double', depth: 0 });
      this.index++;
    } else if (char === '$' && next === '(' && text[this.index + 2] === '(') this.pushArithmetic('))', 3);
    else if (char === '$' && next === '[') this.pushArithmetic(']', 2);
    else if (char === '$' && next === '(') this.push(')', 2);
    else if (char === '$') this.index = this.dollarAt(this.index, 'plain');
    else if (char === '`') {
      if (!this.backtickedPlaceholder('plain')) this.push('`', 1);
    } else if (char === '<') this.index = this.placeholderAt(this.index, 'plain');
    else if (char === '(' || char === '[') {
      frame.depth++;
      this.index++;
    } else if (frame.depth === 0 && ((frame.closer === '))' && char === ')' && next === ')') || (frame.closer === ']' && char === ']'))) {
      this.stack.pop();
      this.index += frame.closer.length;
      this.wordStart = false;
    } else if (char === ')' || char === ']') {
      frame.depth = Math.max(0, frame.depth - 1);
      this.index++;
    } else {
      const word = ARITHMETIC_WORD.exec(text.slice(this.index, this.index + 200))?.[0] ?? char;
      if (/^[A-Za-z_]/.test(word)) this.arithmetic.push({ name: word, start: this.index });
      this.index += word.length;
    }
  }

  /** `<<<`, `<<WORD` / `<<-WORD`, `<(…)`, or a `<placeholder>` (else a plain redirection). */
  private lessThan(): void {
    const { text, index } = this;
    if (text[index + 1] === '<' && text[index + 2] === '<') this.index += 3;
    else if (text[index + 1] === '<') {
      this.heredocOperator();
      this.wordStart = false;
    } else if (text[index + 1] === '(') this.push(')', 2);
    else {
      this.index = this.placeholderAt(index, 'plain');
      this.wordStart = false;
    }
  }

  private singleQuoted(): void {
    const { text, index } = this;
    const close = text.indexOf("'", index + 1);
    const end = close === -1 ? text.length : close;
    for (let k = index + 1; k < end; ) {
      if (text[k] === '<') k = this.placeholderAt(k, 'single');
      else k++;
    }
    this.mask(index + 1, end, 'x');
    this.index = end + 1;
    this.wordStart = false;
  }

  private ansiQuoted(): void {
    const { text } = this;
    let k = this.index + 2;
    while (k < text.length && text[k] !== "'") {
      if (text[k] === '\\') k += 2;
      else if (text[k] === '<') k = this.placeholderAt(k, 'ansi');
      else k++;
    }
    this.mask(this.index + 2, k, 'x');
    this.index = k + 1;
    this.wordStart = false;
  }

  private comment(): void {
    const end = this.text.indexOf('\n', this.index);
    const stop = end === -1 ? this.text.length : end;
    this.mask(this.index, stop, ' ');
    this.index = stop;
  }

  /** `<<WORD`, `<<-WORD`, `<<'WORD'`: the body starts on the next line. */
  private heredocOperator(): void {
    const { text } = this;
    const strip = text[this.index + 2] === '-';
    let k = this.index + (strip ? 3 : 2);
    while (text[k] === ' ' || text[k] === '\t') k++;
    const word = HEREDOC_WORD.exec(text.slice(k, k + 100));
    if (word) {
      const delimiter = word[1] ?? word[2] ?? word[3] ?? '';
      const quoted = word[1] !== undefined || word[2] !== undefined || word[0].startsWith('\\');
      this.heredocs.push({ delimiter, quoted, strip });
      this.index = k + word[0].length;
    } else this.index = k;
  }

  /** `<name>` at index: records a placeholder; returns the index after it. */
  private placeholderAt(index: number, context: ShellContext): number {
    const match = PLACEHOLDER.exec(this.text.slice(index, index + 80));
    if (!match) return index + 1;
    const name = match[1]!;
    const input = placeholderInput(name);
    if (context === 'plain' && this.inArithmetic()) this.arithmetic.push({ name: input, start: index });
    this.placeholders.push({ name, input, start: index, end: index + match[0].length, context });
    return index + match[0].length;
  }

  /** `$…` at index: records a variable; returns the index after it. */
  private dollarAt(index: number, context: ShellContext): number {
    const { text } = this;
    if (text[index + 1] === '{') {
      const close = text.indexOf('}', index + 2);
      const inner = text.slice(index + 2, close === -1 ? text.length : close);
      const body = inner.startsWith('#') ? inner.slice(1) : inner;
      const name = inner.startsWith('!') ? undefined : NAME.exec(body)?.[0];
      if (name) {
        const rest = body.slice(name.length);
        this.variables.push({ name, start: index, context, hasDefault: /^:?[-=+]/.test(rest) && !inner.startsWith('#') });
        if (context !== 'quoted-heredoc' && this.inArithmetic()) this.arithmetic.push({ name, start: index });
        this.expansionArithmetic(name, rest, index + 2 + (inner.length - rest.length));
      }
      return close === -1 ? text.length : close + 1;
    }
    const name = NAME.exec(text.slice(index + 1, index + 200))?.[0];
    if (name) {
      this.variables.push({ name, start: index, context, hasDefault: false });
      if (this.inArithmetic()) this.arithmetic.push({ name, start: index });
      return index + 1 + name.length;
    }
    return index + 1;
  }

  /** `${ARR[subscript]…}` and `${S:offset:length}`: the subscript, offset and length are arithmetic. */
  private expansionArithmetic(name: string, rest: string, at: number): void {
    let expression = '';
    let array: string | undefined;
    if (rest.startsWith('[')) {
      const end = rest.indexOf(']');
      expression = rest.slice(1, end === -1 ? rest.length : end);
      array = name;
      at += 1;
    } else if (rest.startsWith(':') && !/^:[-=+?]/.test(rest)) {
      expression = rest.slice(1);
      at += 1;
    }
    for (const use of arithmeticNames(expression, at)) this.arithmetic.push(array ? { ...use, array } : use);
  }

  /** Here-document bodies start on the line after their operator; returns the index after them. */
  private readHeredocs(from: number): number {
    const { text } = this;
    let at = from;
    for (const heredoc of this.heredocs.splice(0)) {
      while (at < text.length) {
        const newline = text.indexOf('\n', at);
        const lineEnd = newline === -1 ? text.length : newline;
        const line = text.slice(at, lineEnd);
        const candidate = heredoc.strip ? line.replace(/^\t+/, '') : line;
        at = newline === -1 ? text.length : newline + 1;
        if (candidate.trimEnd() === heredoc.delimiter) break;
        this.heredocLine(lineEnd - line.length, lineEnd, heredoc.quoted);
      }
    }
    return at;
  }

  private heredocLine(from: number, to: number, quoted: boolean): void {
    const { text } = this;
    const context: ShellContext = quoted ? 'quoted-heredoc' : 'heredoc';
    for (let k = from; k < to; ) {
      if (text[k] === '<') k = this.placeholderAt(k, context);
      else if (text[k] === '`' && !quoted) k = this.backtickedAt(k, context) ?? k + 1;
      else if (text[k] === '$' && !quoted && (text.startsWith('$((', k) || text[k + 1] === '[')) k = this.heredocArithmetic(k, to);
      else if (text[k] === '$' && !quoted && text[k + 1] !== '(') k = this.dollarAt(k, context);
      else if (text[k] === '\\') k += 2;
      else k++;
    }
    this.mask(from, to, ' ');
  }

  /** `$(( … ))` or `$[ … ]` on one line of an unquoted here-document; returns the index after it. */
  private heredocArithmetic(at: number, lineEnd: number): number {
    const square = this.text[at + 1] === '[';
    const close = this.text.indexOf(square ? ']' : '))', at);
    const end = close === -1 || close > lineEnd ? lineEnd : close;
    const start = at + (square ? 2 : 3);
    this.arithmetic.push(...arithmeticNames(this.text.slice(start, end), start));
    return end;
  }
}
