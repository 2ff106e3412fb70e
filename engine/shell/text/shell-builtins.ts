/** Bash's reserved words (and `[[ ]]`'s brackets): they are read by the shell, never run. */
export const SHELL_KEYWORDS: ReadonlySet<string> = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '!', '{', '}', 'coproc',
]);

/** Bash's builtin commands (`enable -a` of bash 5.2, plus `[[ ]]`). */
const BUILTINS: ReadonlySet<string> = new Set(
  (
    '. : [ [[ ]] alias bg bind break builtin caller cd command compgen complete compopt continue declare dirs disown echo enable eval exec exit export false fc fg ' +
    'getopts hash help history jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt source ' +
    'suspend test times trap true type typeset ulimit umask unalias unset wait'
  ).split(' '),
);

/** True for bash builtins and keywords: they run inside the shell (no program file, no scenario can answer them). */
export function isShellBuiltin(name: string): boolean {
  return BUILTINS.has(name) || SHELL_KEYWORDS.has(name);
}
