import { scanShell } from './scan-shell.js';

export interface CommandVariables {
  /** Inputs named by `<placeholders>` (outside comments and quoted here-documents). */
  placeholders: string[];
  /** Upper-case `$NAME`s the command reads without a default (outside single quotes). */
  references: string[];
  /** Names the command assigns, exports, reads or loops over. */
  sets: string[];
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', 'time', '{', '}', 'case', 'esac']);
const DECLARE = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a command uses and sets, as far as a static look can tell. */
export function commandVariables(command: string): CommandVariables {
  const scan = scanShell(command);
  const placeholders = unique(
    scan.placeholders.filter((p) => p.context !== 'comment' && p.context !== 'quoted-heredoc').map((p) => p.input),
  );
  const references = unique(
    scan.variables
      .filter((v) => !v.hasDefault && /^[A-Z_][A-Z0-9_]*$/.test(v.name) && /[A-Z]/.test(v.name))
      .map((v) => v.name),
  );
  return { placeholders, references, sets: findAssignments(scan.masked) };
}

/** Assignments in masked shell text, simple command by simple command. */
function findAssignments(masked: string): string[] {
  const sets = new Set<string>();
  for (const segment of masked.split(/[;&|\n()`]+/)) {
    const words = withoutRedirections(segment.trim().split(/\s+/).filter(Boolean));
    let at = 0;
    while (at < words.length && KEYWORDS.has(words[at]!)) at++;
    // `for NAME in …`, `select NAME in …`
    if ((words[at] === 'for' || words[at] === 'select') && IDENTIFIER.test(words[at + 1] ?? '')) {
      sets.add(words[at + 1]!);
      continue;
    }
    // Leading assignments: `NAME=value [NAME2=value] [command]`.
    while (at < words.length && ASSIGNMENT.test(words[at]!)) sets.add(ASSIGNMENT.exec(words[at++]!)![1]!);
    const command = words[at];
    const rest = words.slice(at + 1);
    if (command === undefined) continue;
    if (DECLARE.has(command)) {
      for (const word of rest) {
        if (word.startsWith('-')) continue;
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word)?.[0];
        if (name) sets.add(name);
      }
    } else if (command === 'read') namesAfterFlags(rest, 'adinNptu', (name, flag) => (flag === undefined || flag === 'a') && sets.add(name));
    else if (command === 'mapfile' || command === 'readarray') {
      const names: string[] = [];
      namesAfterFlags(rest, 'dnOsuCc', (name, flag) => flag === undefined && names.push(name));
      if (names.length > 0) sets.add(names[names.length - 1]!);
    } else if (command === 'printf' && rest[0] === '-v' && IDENTIFIER.test(rest[1] ?? '')) sets.add(rest[1]!);
    else if (command === 'getopts' && IDENTIFIER.test(rest[1] ?? '')) sets.add(rest[1]!);
  }
  return [...sets];
}

/** Calls `found(word, flag)` for identifiers: as an argument of `flag`, or plain (`flag` undefined). */
function namesAfterFlags(words: string[], flagsWithArgument: string, found: (name: string, flag?: string) => void): void {
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word.startsWith('-') && word.length > 1) {
      const last = word[word.length - 1]!;
      if (flagsWithArgument.includes(last)) {
        const argument = words[index + 1];
        if (argument !== undefined && IDENTIFIER.test(argument)) found(argument, last);
        index++;
      }
      continue;
    }
    if (IDENTIFIER.test(word)) found(word);
  }
}

/** Drops `< file`, `>out`, `2>&1`: they are not names. */
function withoutRedirections(words: string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (/^\d*(?:<|>|&>)/.test(word)) {
      if (/^\d*(?:<|>>?|&>|<>)$/.test(word)) index++;
      continue;
    }
    kept.push(word);
  }
  return kept;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
