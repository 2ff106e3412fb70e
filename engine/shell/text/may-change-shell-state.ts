/**
 * Whether a command may change the session state a step hands to the next (its exported
 * variables and working directory). The shell server reads that state back from bash after
 * each command (`export -p`, some forty system calls); a command that cannot change it skips
 * the read-back and leaves the state as it found it.
 *
 * Conservative: every way bash has to set a variable or change directory either needs an `=`
 * (assignments, `${x:=…}`, `[[ =~ ]]`), arithmetic (`((…))`, `$[…]`, `let`) or one of the words
 * below as a command, and `.` sources a file. Any of them anywhere in the text (a heredoc, a
 * quoted string, `thread-read`'s part excepted) says yes. Children cannot change the shell's
 * own variables, so anything else a command runs is no threat.
 */
const STATE_WORDS =
  /(?:^|[^A-Za-z0-9_-])(?:export|declare|typeset|local|readonly|unset|read|mapfile|readarray|printf|getopts|wait|let|for|select|source|eval|cd|pushd|popd|set|exec|coproc|compgen|trap|enable)(?![A-Za-z0-9_-])/;
const DOT_COMMAND = /(?:^|[\s;&|(){}!])\.(?=[\s;&|)}]|$)/;

export function mayChangeShellState(command: string): boolean {
  return command.includes('=') || command.includes('((') || command.includes('$[') || STATE_WORDS.test(command) || DOT_COMMAND.test(command);
}
