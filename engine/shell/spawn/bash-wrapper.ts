/**
 * The few lines of bash around a step's command when it runs in a new bash of its own (not the
 * shell server): they move it into its cgroup, turn on pipefail, run it through `eval`, and on
 * exit write the session state (`export -p` and `$PWD`) to fd 3 (moved to a high fd first, so
 * the command never sees it).
 */
import type { ShellState } from '../../contracts/run-event.js';
import { readShellState } from '../state/read-shell-state.js';
import { FATAL_SIGNAL_TRAPS } from '../terminate/stop-command.js';
import { evalWithPipeStatus, PIPE_STATUS_FUNCTION } from '../pipe-status.js';

export const END_MARK = '\0__RUNBOOK_STATE_END__\0';

/**
 * A step's bash reads no startup file: not `~/.bashrc`, which bash otherwise sources for `-c`
 * when it takes itself for an ssh session (stdin a socket, or `SSH_CLIENT` set, at shell level
 * 1), and whose exports would then become the session's. The shell server starts so too
 * (server-program.ts). `BASH_ENV` is still read: it is refused as an input, and a rehearsal's
 * own startup file comes that way.
 */
export const NO_STARTUP_FILES = ['--noprofile', '--norc'];

/**
 * `$1` is the command, `$2` the `cgroup.procs` file to move into first ('' for none), `$3` `p`
 * for `set -o pipefail`; the EXIT trap turns tracing off out of sight (a step's `set -x` never
 * shows the runner's trap), reports the state and exits with the command's status. A shell a
 * signal ends exits 128+N, as the server's subshell does (`FATAL_SIGNAL_TRAPS`); not an
 * interactive step's, which has the terminal and whose Ctrl-C stays bash's own.
 */
function wrapper(interactive: boolean): string {
  return [
    '[[ -z $2 ]] || builtin echo "$BASHPID" 2>/dev/null >"$2"',
    'exec {__runbook_fd}>&3 3>&-',
    `__runbook_end() { { builtin export -p; builtin printf "\\0%s${END_MARK.replaceAll('\0', '\\0')}" "$PWD"; } >&$__runbook_fd 2>/dev/null; builtin exit $__runbook_status; }`,
    `trap '{ __runbook_status=$?; set +xv; } 2>/dev/null; __runbook_end' EXIT`,
    ...(interactive ? [] : [FATAL_SIGNAL_TRAPS]),
    PIPE_STATUS_FUNCTION,
    '__runbook_command=$1',
    '[[ -z $3 ]] || set -o pipefail',
    'set --',
    evalWithPipeStatus('__runbook_command'),
  ].join('\n');
}
export const WRAPPER = wrapper(false);
export const INTERACTIVE_WRAPPER = wrapper(true);


/** The state the wrapper wrote (`text` as latin1, from fd 3), or undefined when it wrote none. */
export function wrapperState(text: string, before: Record<string, string>): ShellState | undefined {
  const end = text.indexOf(END_MARK);
  const body = end === -1 ? '' : Buffer.from(text.slice(0, end), 'latin1').toString('utf8');
  const separator = body.lastIndexOf('\0');
  return separator === -1 ? undefined : readShellState(body.slice(0, separator), body.slice(separator + 1), before);
}
