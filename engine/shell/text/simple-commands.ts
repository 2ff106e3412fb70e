import { scanShell } from './scan-shell.js';
import { isShellBuiltin, SHELL_KEYWORDS as KEYWORDS } from './shell-builtins.js';

/** One simple command found in a step's shell text. */
export interface SimpleCommand {
  /** The command word (`kubectl`), after assignments and keywords. */
  name: string;
  /**
   * A scenario glob for it: the literal words up to the first one holding an expansion,
   * quote or redirection, then ` *` (`kubectl get pods -n *`).
   */
  glob: string;
}

const PREFIXES = new Set(['command', 'exec', 'nohup']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const LITERAL = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * The external commands a shell text runs, in text order (commands inside `$(…)` included),
 * found with a forgiving scan (quotes, comments, here-documents): enough to write scenario
 * rules, not a shell parser. Builtins and keywords are left out; so are command words that
 * are not literal (`$TOOL`).
 */
export function simpleCommands(text: string): SimpleCommand[] {
  return shellPieces(text).flatMap((piece) => (piece.command ? [piece.command] : []));
}

/** A stretch of shell text between separators (`;`, `|`, `&`, newlines, parentheses, backticks). */
export interface ShellPiece {
  /** The words as written (quotes kept). */
  words: string[];
  /** The separator before and after ('' at either end of the text). */
  before: string;
  after: string;
  /** The external command this piece runs, if any. */
  command?: SimpleCommand;
}

/** Splits shell text into pieces, found with a forgiving scan (see `simpleCommands`). */
export function shellPieces(text: string): ShellPiece[] {
  const masked = scanShell(text).masked;
  const bounds: [number, number, string, string][] = [];
  let start = 0;
  let previous = '';
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i]!;
    const separator =
      c === '\n' || c === ';' || c === '|' || c === '(' || c === ')' || c === '`' ||
      (c === '&' && masked[i - 1] !== '>' && masked[i - 1] !== '<' && masked[i + 1] !== '>');
    if (separator) {
      bounds.push([start, i, previous, c]);
      previous = c;
      start = i + 1;
    }
  }
  bounds.push([start, masked.length, previous, '']);

  const delimiters = new Set([...text.matchAll(/<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/g)].map((m) => m[1]!));
  const pieces: ShellPiece[] = [];
  for (const [from, to, before, after] of bounds) {
    if (delimiters.has(masked.slice(from, to).trim())) continue;
    const words: string[] = [];
    const shapes: string[] = [];
    const pattern = /\S+/g;
    const part = masked.slice(from, to);
    for (let match = pattern.exec(part); match; match = pattern.exec(part)) {
      shapes.push(match[0]);
      words.push(text.slice(from + match.index, from + match.index + match[0].length));
    }
    if (words.length === 0) continue;
    const piece: ShellPiece = { words, before, after };
    let k = 0;
    while (k < words.length && (ASSIGNMENT.test(shapes[k]!) || KEYWORDS.has(words[k]!) || PREFIXES.has(words[k]!))) k++;
    const name = words[k];
    if (name !== undefined && LITERAL.test(name) && !name.includes('=') && !isShellBuiltin(name)) {
      const literal: string[] = [];
      for (const word of words.slice(k)) {
        if (!LITERAL.test(word)) break;
        literal.push(word);
      }
      piece.command = { name, glob: `${literal.join(' ')} *` };
    }
    pieces.push(piece);
  }
  return pieces;
}
