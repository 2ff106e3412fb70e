import type { ShellPiece } from '../shell/text/simple-commands.js';

const NAME = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/;

/**
 * The line a plain `echo` piece prints, when it can be known without running it: arguments
 * made of literal text, single quotes, and double quotes or bare words whose only expansions
 * are `$NAME`/`${NAME}` of known variables. Undefined for anything else (options, command
 * substitution, redirection, unknown variables, pipelines).
 */
export function echoOutput(piece: ShellPiece, vars: Record<string, string>): string | undefined {
  if (piece.words[0] !== 'echo') return undefined;
  const standalone = (separator: string) => separator === '' || separator === '\n' || separator === ';' || separator === '&';
  if (!standalone(piece.before) || !standalone(piece.after)) return undefined;
  const args: string[] = [];
  for (const word of piece.words.slice(1)) {
    if (args.length === 0 && word.startsWith('-')) return undefined;
    const value = expandWord(word, vars);
    if (value === undefined) return undefined;
    args.push(value);
  }
  return args.join(' ') + '\n';
}

function expandWord(word: string, vars: Record<string, string>): string | undefined {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const c = word[i]!;
    if (c === "'") {
      const end = word.indexOf("'", i + 1);
      if (end === -1) return undefined;
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const end = word.indexOf('"', i + 1);
      if (end === -1) return undefined;
      const inner = expandText(word.slice(i + 1, end), vars, false);
      if (inner === undefined) return undefined;
      out += inner;
      i = end + 1;
    } else {
      let end = i;
      while (end < word.length && word[end] !== "'" && word[end] !== '"') end++;
      const bare = expandText(word.slice(i, end), vars, true);
      if (bare === undefined) return undefined;
      out += bare;
      i = end;
    }
  }
  return out;
}

function expandText(text: string, vars: Record<string, string>, bare: boolean): string | undefined {
  if (/[`\\]|\$\(/.test(text) || (bare && /[*?[\]<>{}~#&|;()]/.test(text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, '')))) return undefined;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '$') {
      out += text[i];
      i += 1;
      continue;
    }
    const match = NAME.exec(text.slice(i));
    if (!match) return undefined;
    const value = vars[match[1] ?? match[2]!];
    // bare expansions are word-split and globbed: only plain single words are predictable
    if (value === undefined || (bare && /\s|[*?[]/.test(value))) return undefined;
    out += value;
    i += match[0].length;
  }
  return out;
}
