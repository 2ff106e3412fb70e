import { placeholderInput } from './placeholder-input.js';

/** A name bash evaluates as an arithmetic expression's operand (its value is code there). */
export interface ArithmeticUse {
  /** The variable, or the input a placeholder stands for. */
  name: string;
  start: number;
  /** Set when the use is an array subscript (`${ARR[N]}`): not arithmetic if ARR is associative. */
  array?: string;
}

/** Names an arithmetic expression reads: `$NAME`, `${NAME`, a bare `NAME`, a `<placeholder>`. */
const ARITHMETIC_NAMES = /\$\{?([A-Za-z_][A-Za-z0-9_]*)|<([A-Za-z][A-Za-z0-9_-]*)>|(?<![A-Za-z0-9_$#@.])([A-Za-z_][A-Za-z0-9_]*)/g;

/** The names an arithmetic expression written as text reads (bare, `$`, `${`, or placeholders). */
export function arithmeticNames(expression: string, offset = 0): ArithmeticUse[] {
  const uses: ArithmeticUse[] = [];
  for (const match of expression.matchAll(ARITHMETIC_NAMES)) {
    const name = match[1] ?? (match[2] !== undefined ? placeholderInput(match[2]) : match[3]!);
    uses.push({ name, start: offset + match.index });
  }
  return uses;
}
