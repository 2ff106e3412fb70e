/** Where a piece of shell text sits, as far as quoting goes. */
export type ShellContext = 'plain' | 'double' | 'single' | 'ansi' | 'heredoc' | 'quoted-heredoc' | 'comment';

export interface ShellPlaceholder {
  /** As written, lower case: `pod-name`. */
  name: string;
  /** The input it stands for: `POD_NAME`. */
  input: string;
  start: number;
  end: number;
  context: ShellContext;
}

export interface ShellVariable {
  name: string;
  start: number;
  context: ShellContext;
  /** `${NAME:-x}`, `${NAME-x}`, `${NAME:=x}`, `${NAME:+x}`… work without the variable. */
  hasDefault: boolean;
}

export interface ShellScan {
  placeholders: ShellPlaceholder[];
  variables: ShellVariable[];
  /**
   * The command with quoted text replaced by `x`, and comments and here-document bodies by
   * spaces (same length, same line breaks): good enough to find assignments word by word.
   */
  masked: string;
}

const PLACEHOLDER = /^<([a-z][a-z0-9_-]*)>/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const HEREDOC_WORD = /^(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z0-9_.-]+))/;

/** The input a `<placeholder-name>` stands for: `PLACEHOLDER_NAME`. */
export function placeholderInput(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/**
 * A small, forgiving scan of bash text: quoting (`'…'`, `"…"`, `$'…'`, `\`), command
 * substitution, comments and here-documents. Enough to place `<placeholders>`, find `$NAME`
 * references and mask what is not code. Never throws; unbalanced input just ends the scan.
 */
export function scanShell(text: string): ShellScan {
  const scanner = new ShellScanner(text);
  scanner.run();
  return { placeholders: scanner.placeholders, variables: scanner.variables, masked: scanner.masked.join('') };
}

interface Frame {
  kind: 'plain' | 'double';
  /** What closes this frame: `)` for `$(`/`<(`, a backtick, or nothing at top level. */
  closer?: ')' | '`';
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

  /** One token inside double quotes. */
  private stepDouble(): void {
    const { text } = this;
    const char = text[this.index]!;
    if (char === '\\') this.index += 2;
    else if (char === '"') {
      this.stack.pop();
      this.index++;
    } else if (char === '$' && text[this.index + 1] === '(') this.push(')', 2);
    else if (char === '`') this.push('`', 1);
    else if (char === '$') this.index = this.dollarAt(this.index, 'double');
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
    else if (char === '$' && next === '(') this.push(')', 2);
    else if (char === '$') {
      this.index = this.dollarAt(this.index, 'plain');
      this.wordStart = false;
    } else if (char === '`') {
      if (frame.closer === '`') {
        this.stack.pop();
        this.index++;
        this.wordStart = true;
      } else this.push('`', 1);
    } else if (char === '(') {
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
    this.placeholders.push({ name, input: placeholderInput(name), start: index, end: index + match[0].length, context });
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
      }
      return close === -1 ? text.length : close + 1;
    }
    const name = NAME.exec(text.slice(index + 1, index + 200))?.[0];
    if (name) {
      this.variables.push({ name, start: index, context, hasDefault: false });
      return index + 1 + name.length;
    }
    return index + 1;
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
      else if (text[k] === '$' && !quoted && text[k + 1] !== '(') k = this.dollarAt(k, context);
      else if (text[k] === '\\') k += 2;
      else k++;
    }
    this.mask(from, to, ' ');
  }
}
