import type { ArithmeticUse } from './arithmetic-names.js';

/** Where a piece of shell text sits, as far as quoting goes. */
export type ShellContext = 'plain' | 'double' | 'single' | 'ansi' | 'heredoc' | 'quoted-heredoc' | 'comment';

export interface ShellPlaceholder {
  /** As written: `pod-name`, `POD_NAME`, `Name_2`. */
  name: string;
  /** The input it stands for: `POD_NAME`. */
  input: string;
  /** Where it starts and ends; a backticked placeholder (`` `<pod>` ``) spans its backticks. */
  start: number;
  end: number;
  context: ShellContext;
  /** Written `` `<pod>` `` where the backticks would make a command substitution: it is the value. */
  backticked?: boolean;
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
   * Names inside `$(( ))`, `(( ))`, `$[ ]`, `${ARR[…]}` subscripts and `${S:offset:length}`, as
   * `$NAME`, `${NAME}`, a bare `NAME` or a placeholder (other arithmetic contexts are words:
   * `arithmeticVariables` finds those).
   */
  arithmetic: ArithmeticUse[];
  /**
   * The command with quoted text replaced by `x`, and comments and here-document bodies by
   * spaces (same length, same line breaks): good enough to find assignments word by word.
   */
  masked: string;
}
