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

/** The input a `<placeholder-name>` stands for: `PLACEHOLDER_NAME`. */
export function placeholderInput(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

interface Frame {
  kind: 'plain' | 'double';
  /** What closes this frame: `)` for `$(`/`<(`, a backtick, or nothing at top level. */
  closer?: ')' | '`';
  depth: number;
}

/**
 * A small, forgiving scan of bash text: quoting (`'…'`, `"…"`, `$'…'`, `\`), command
 * substitution, comments and here-documents. Enough to place `<placeholders>`, find `$NAME`
 * references and mask what is not code. Never throws; unbalanced input just ends the scan.
 */
export function scanShell(text: string): ShellScan {
  const placeholders: ShellPlaceholder[] = [];
  const variables: ShellVariable[] = [];
  const masked = text.split('');
  const stack: Frame[] = [{ kind: 'plain', depth: 0 }];
  const heredocs: { delimiter: string; quoted: boolean; strip: boolean }[] = [];
  const mask = (from: number, to: number, char: string) => {
    for (let k = from; k < to && k < masked.length; k++) if (masked[k] !== '\n') masked[k] = char;
  };
  const placeholderAt = (index: number, context: ShellContext): number => {
    const match = PLACEHOLDER.exec(text.slice(index, index + 80));
    if (!match) return index + 1;
    const name = match[1]!;
    placeholders.push({ name, input: placeholderInput(name), start: index, end: index + match[0].length, context });
    return index + match[0].length;
  };
  /** `$…` at index: records a variable; returns the index after it (or pushes a frame). */
  const dollarAt = (index: number, context: ShellContext): number => {
    const next = text[index + 1];
    if (next === '{') {
      const close = text.indexOf('}', index + 2);
      const inner = text.slice(index + 2, close === -1 ? text.length : close);
      const body = inner.startsWith('#') ? inner.slice(1) : inner;
      const name = inner.startsWith('!') ? undefined : NAME.exec(body)?.[0];
      if (name) {
        const rest = body.slice(name.length);
        variables.push({ name, start: index, context, hasDefault: /^:?[-=+]/.test(rest) && !inner.startsWith('#') });
      }
      return close === -1 ? text.length : close + 1;
    }
    const name = NAME.exec(text.slice(index + 1, index + 200))?.[0];
    if (name) {
      variables.push({ name, start: index, context, hasDefault: false });
      return index + 1 + name.length;
    }
    return index + 1;
  };

  let index = 0;
  let wordStart = true;
  while (index < text.length) {
    const frame = stack[stack.length - 1]!;
    const char = text[index]!;
    if (frame.kind === 'double') {
      if (char === '\\') index += 2;
      else if (char === '"') {
        stack.pop();
        index++;
      } else if (char === '$' && text[index + 1] === '(') {
        stack.push({ kind: 'plain', closer: ')', depth: 0 });
        index += 2;
        wordStart = true;
      } else if (char === '`') {
        stack.push({ kind: 'plain', closer: '`', depth: 0 });
        index++;
        wordStart = true;
      } else if (char === '$') index = dollarAt(index, 'double');
      else if (char === '<') index = placeholderAt(index, 'double');
      else {
        masked[index] = char === '\n' ? '\n' : 'x';
        index++;
      }
      continue;
    }

    // plain
    if (char === '\\') {
      index += 2;
      wordStart = false;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      const end = close === -1 ? text.length : close;
      for (let k = index + 1; k < end; ) {
        if (text[k] === '<') k = placeholderAt(k, 'single');
        else k++;
      }
      mask(index + 1, end, 'x');
      index = end + 1;
      wordStart = false;
    } else if (char === '$' && text[index + 1] === "'") {
      let k = index + 2;
      while (k < text.length && text[k] !== "'") {
        if (text[k] === '\\') k += 2;
        else if (text[k] === '<') k = placeholderAt(k, 'ansi');
        else k++;
      }
      mask(index + 2, k, 'x');
      index = k + 1;
      wordStart = false;
    } else if (char === '"') {
      stack.push({ kind: 'double', depth: 0 });
      index++;
      wordStart = false;
    } else if (char === '#' && wordStart) {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      mask(index, stop, ' ');
      index = stop;
    } else if (char === '$' && text[index + 1] === '(') {
      stack.push({ kind: 'plain', closer: ')', depth: 0 });
      index += 2;
      wordStart = true;
    } else if (char === '$') {
      index = dollarAt(index, 'plain');
      wordStart = false;
    } else if (char === '`') {
      if (frame.closer === '`') stack.pop();
      else stack.push({ kind: 'plain', closer: '`', depth: 0 });
      index++;
      wordStart = true;
    } else if (char === '(') {
      frame.depth++;
      index++;
      wordStart = true;
    } else if (char === ')') {
      if (frame.closer === ')' && frame.depth === 0) stack.pop();
      else frame.depth = Math.max(0, frame.depth - 1);
      index++;
      wordStart = true;
    } else if (char === '<' && text[index + 1] === '<' && text[index + 2] === '<') {
      index += 3;
    } else if (char === '<' && text[index + 1] === '<') {
      const strip = text[index + 2] === '-';
      let k = index + (strip ? 3 : 2);
      while (text[k] === ' ' || text[k] === '\t') k++;
      const word = /^(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z0-9_.-]+))/.exec(text.slice(k, k + 100));
      if (word) {
        const delimiter = word[1] ?? word[2] ?? word[3] ?? '';
        heredocs.push({ delimiter, quoted: word[1] !== undefined || word[2] !== undefined || word[0].startsWith('\\'), strip });
        index = k + word[0].length;
      } else index = k;
      wordStart = false;
    } else if (char === '<' && text[index + 1] === '(') {
      stack.push({ kind: 'plain', closer: ')', depth: 0 });
      index += 2;
      wordStart = true;
    } else if (char === '<') {
      index = placeholderAt(index, 'plain');
      wordStart = false;
    } else if (char === '\n' && heredocs.length > 0) {
      index = readHeredocs(index + 1);
      wordStart = true;
    } else {
      wordStart = /[\s;&|{}]/.test(char);
      index++;
    }
  }
  return { placeholders, variables, masked: masked.join('') };

  /** Here-document bodies start on the line after their operator; returns the index after them. */
  function readHeredocs(from: number): number {
    let at = from;
    for (const heredoc of heredocs.splice(0)) {
      while (at < text.length) {
        const newline = text.indexOf('\n', at);
        const lineEnd = newline === -1 ? text.length : newline;
        const line = text.slice(at, lineEnd);
        const candidate = heredoc.strip ? line.replace(/^\t+/, '') : line;
        if (candidate.trimEnd() === heredoc.delimiter) {
          at = newline === -1 ? text.length : newline + 1;
          break;
        }
        const context: ShellContext = heredoc.quoted ? 'quoted-heredoc' : 'heredoc';
        for (let k = at; k < lineEnd; ) {
          if (text[k] === '<') k = placeholderAt(k, context);
          else if (text[k] === '$' && !heredoc.quoted && text[k + 1] !== '(') k = dollarAt(k, context);
          else if (text[k] === '\\') k += 2;
          else k++;
        }
        mask(at, lineEnd, ' ');
        at = newline === -1 ? text.length : newline + 1;
      }
    }
    return at;
  }
}
