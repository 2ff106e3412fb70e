import { scanShell } from '../graph/scan-shell.js';

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

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '!', '{', '}', 'coproc']);
const PREFIXES = new Set(['command', 'exec', 'nohup']);
const BUILTINS = new Set(
  (
    '. : [ [[ ]] alias bg bind break builtin caller cd compgen complete compopt continue declare dirs disown echo enable eval exit export false fc fg ' +
    'getopts hash help history jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt source ' +
    'suspend test times trap true type typeset ulimit umask unalias unset wait'
  ).split(' '),
);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const LITERAL = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** True for bash builtins and keywords: they run inside the shell, no scenario can answer them. */
export function isShellBuiltin(name: string): boolean {
  return BUILTINS.has(name) || KEYWORDS.has(name);
}

/**
 * The external commands a shell text runs, in text order (commands inside `$(…)` included),
 * found with a forgiving scan (quotes, comments, here-documents): enough to write scenario
 * rules, not a shell parser. Builtins and keywords are left out; so are command words that
 * are not literal (`$TOOL`).
 */
export function simpleCommands(text: string): SimpleCommand[] {
  const masked = scanShell(text).masked;
  const pieces: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i]!;
    const separator =
      c === '\n' || c === ';' || c === '|' || c === '(' || c === ')' || c === '`' ||
      (c === '&' && masked[i - 1] !== '>' && masked[i - 1] !== '<' && masked[i + 1] !== '>');
    if (separator) {
      pieces.push([start, i]);
      start = i + 1;
    }
  }
  pieces.push([start, masked.length]);

  const delimiters = new Set([...text.matchAll(/<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/g)].map((m) => m[1]!));
  const commands: SimpleCommand[] = [];
  for (const [from, to] of pieces) {
    if (delimiters.has(masked.slice(from, to).trim())) continue;
    const words: string[] = [];
    const shapes: string[] = [];
    const pattern = /\S+/g;
    const part = masked.slice(from, to);
    for (let match = pattern.exec(part); match; match = pattern.exec(part)) {
      shapes.push(match[0]);
      words.push(text.slice(from + match.index, from + match.index + match[0].length));
    }
    let k = 0;
    while (k < words.length && (ASSIGNMENT.test(shapes[k]!) || KEYWORDS.has(words[k]!) || PREFIXES.has(words[k]!))) k++;
    const name = words[k];
    if (name === undefined || !LITERAL.test(name) || name.includes('=') || isShellBuiltin(name)) continue;
    const literal: string[] = [];
    for (const word of words.slice(k)) {
      if (!LITERAL.test(word)) break;
      literal.push(word);
    }
    commands.push({ name, glob: `${literal.join(' ')} *` });
  }
  return commands;
}
