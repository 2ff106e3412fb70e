import { arithmeticNames, type ArithmeticUse } from './arithmetic-names.js';
import { scanShell } from './scan-shell.js';

/** A variable (or a placeholder's input) whose value bash evaluates as an arithmetic expression. */
export interface ArithmeticVariable {
  name: string;
  /** Offset in the command of its first such use. */
  offset: number;
}

/** `[[ ]]`'s arithmetic comparisons: both operands are evaluated as expressions. */
const ARITHMETIC_TESTS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{', 'time']);
const DECLARE = new Set(['declare', 'typeset', 'local', 'export', 'readonly']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?\+?=/;
const ARRAY_ELEMENT = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/;
/**
 * Text every arithmetic context holds: `((` (`$((`, `((`, `for ((`), `$[`, `let`, `[` (`[[`,
 * subscripts), `${…:` (offsets), an `-i` flag. Most commands have none and skip the scan.
 */
const MAY_HAVE_ARITHMETIC = /\(\(|\$\[|\blet\b|\[|\$\{[^}]*:|\s-[A-Za-z]*i/;
const TOKEN = /\n|[;&|()`]+|[^\s;&|()`]+/g;

interface Token {
  text: string;
  start: number;
  separator: boolean;
}

/**
 * The variables of a command whose values bash evaluates as arithmetic (where a value such as
 * `x[$(touch /tmp/p)]` runs a command): `$(( ))`, `(( ))`, `$[ ]`, `let`, the operands of
 * `[[ … -gt … ]]` and the other arithmetic tests, array subscripts (of arrays the command does
 * not declare `-A`), `${S:offset:length}`, and assignments to names declared `-i`. Bare names
 * count as well as `$NAME`, and so does a value assigned, in the same command, to a name that
 * reaches arithmetic (`X=$N; (( X > 5 ))` names X and N). Flows across steps or through
 * functions, `read` or indirection (`${!name}`) are not followed.
 */
export function arithmeticVariables(command: string): ArithmeticVariable[] {
  if (!MAY_HAVE_ARITHMETIC.test(command)) return [];
  const scan = scanShell(command);
  const tokens: Token[] = [];
  for (const match of scan.masked.matchAll(TOKEN)) tokens.push({ text: match[0], start: match.index, separator: !/^[^\s;&|()`]/.test(match[0]) });
  const found = wordUses(tokens, command);
  const uses = [...scan.arithmetic, ...found.uses].filter((use) => use.array === undefined || !found.associative.has(use.array));
  // A value assigned to a name that reaches arithmetic reaches it too (`X=$N; (( X ))`), and so on.
  const reached = new Set(uses.map((use) => use.name));
  for (let changed = true; changed; ) {
    changed = false;
    for (const assignment of found.assignments) {
      if (!reached.has(assignment.name)) continue;
      for (const use of arithmeticNames(assignment.value, assignment.start)) {
        if (reached.has(use.name)) continue;
        reached.add(use.name);
        uses.push(use);
        changed = true;
      }
    }
  }
  const first = new Map<string, number>();
  for (const use of uses.sort((a, b) => a.start - b.start)) if (!first.has(use.name)) first.set(use.name, use.start);
  return [...first].map(([name, offset]) => ({ name, offset }));
}

/** Arithmetic that shows in words rather than in brackets: `let`, `[[ -gt ]]`, subscripts, `declare -i`. */
interface Assignment {
  name: string;
  /** The assigned text, as written, and where it starts. */
  value: string;
  start: number;
}

function wordUses(tokens: Token[], command: string): { uses: ArithmeticUse[]; associative: Set<string>; assignments: Assignment[] } {
  const uses: ArithmeticUse[] = [];
  const associative = new Set<string>();
  const integers = new Set<string>();
  const assignments: { name: string; value: Token; valueStart: number }[] = [];
  const namesIn = (token: Token | undefined, from = 0, to?: number, array?: string): void => {
    if (!token || token.separator) return;
    const text = command.slice(token.start + from, to === undefined ? token.start + token.text.length : token.start + to);
    for (const use of arithmeticNames(text, token.start + from)) uses.push(array ? { ...use, array } : use);
  };
  const assignment = (token: Token): void => {
    const match = ASSIGNMENT.exec(token.text);
    if (!match) return;
    if (match[2] !== undefined) namesIn(token, match[1]!.length + 1, match[1]!.length + 1 + match[2].length, match[1]);
    assignments.push({ name: match[1]!, value: token, valueStart: match[0].length });
  };

  let commandWord = true;
  let inTest = false;
  let command0 = '';
  let flags = '';
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.separator) {
      if (!inTest) commandWord = true;
      continue;
    }
    const word = token.text;
    if (commandWord) {
      if (ASSIGNMENT.test(word)) {
        assignment(token);
        continue;
      }
      if (LEADING_KEYWORDS.has(word)) continue;
      commandWord = false;
      command0 = word;
      flags = '';
      if (word === '[[') inTest = true;
      continue;
    }
    if (inTest) {
      if (word === ']]') inTest = false;
      else if (ARITHMETIC_TESTS.has(word)) {
        namesIn(tokens[index - 1]);
        namesIn(tokens[index + 1]);
      } else if (word === '-v') subscriptOf(tokens[index + 1], namesIn);
    } else if (command0 === 'let') namesIn(token);
    else if (command0 === 'unset') subscriptOf(token, namesIn);
    else if (DECLARE.has(command0)) {
      if (/^[-+][A-Za-z]+$/.test(word)) {
        if (word.startsWith('-')) flags += word.slice(1);
        continue;
      }
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word)?.[0];
      if (name && flags.includes('i')) integers.add(name);
      if (name && flags.includes('A')) associative.add(name);
      assignment(token);
    }
  }
  for (const { name, value, valueStart } of assignments) if (integers.has(name)) namesIn(value, valueStart);
  const texts = assignments.map(({ name, value, valueStart }) => ({
    name,
    value: command.slice(value.start + valueStart, value.start + value.text.length),
    start: value.start + valueStart,
  }));
  for (const name of integers) uses.push({ name, start: Math.max(0, command.search(new RegExp(`\\b${name}\\b`))) });
  return { uses, associative, assignments: texts };
}

/** `ARR[subscript]` (after `unset` or `[[ -v`): the subscript is arithmetic unless ARR is associative. */
function subscriptOf(token: Token | undefined, namesIn: (token: Token, from: number, to: number, array: string) => void): void {
  const match = token && ARRAY_ELEMENT.exec(token.text);
  if (token && match) namesIn(token, match[1]!.length + 1, match[1]!.length + 1 + match[2]!.length, match[1]!);
}
