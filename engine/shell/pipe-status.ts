/**
 * A step runs under `set -o pipefail`, so `kubectl get pods | head -1` would fail with 141: the
 * producer is killed by SIGPIPE when `head` has read what it wanted and gone, which is what the
 * author meant. The step's status is therefore taken from its last pipeline's `PIPESTATUS`:
 * when the last member succeeded and every failing member before it was killed by SIGPIPE
 * (128 + 13), the step succeeded; any other failure (`curl … | tail` with curl's 6) stays one.
 * This is about the status the step ends with; inside the step, `&&`, `if` and `set -e` still
 * see the pipeline's 141 (docs/running.md "pipefail").
 *
 * `PIPESTATUS` is gone once `eval` returns, so it is read by the last line of the eval'd text,
 * in a group whose `2>/dev/null` keeps a step's `set -x` from tracing it, and which turns tracing
 * off (the step is over) so that the `exit` after `eval` is not traced either. Nothing of it
 * returns non-zero, so a step's ERR trap runs once for its failing command, not again for ours.
 */

/** The bash function, `__rb_pipe_status STATUS PIPESTATUS...`: sets `__rb_final`, the step's status. */
export const PIPE_STATUS_FUNCTION = [
  '__rb_pipe_status() {',
  '  local s',
  '  __rb_final=$1',
  '  shift',
  '  (( __rb_final != 0 && $# > 1 )) && [[ ${!#} == 0 ]] || return 0',
  '  for s in "${@:1:$#-1}"; do [[ $s == 0 || $s == 141 ]] || return 0; done',
  '  __rb_final=0',
  '}',
].join('\n');

/**
 * The lines that run a step's command held in the shell variable `name` and exit with its
 * status: the command, then (after two line breaks, so a trailing backslash or a here-document
 * ends first) the check; then `exit` with the status it found (the command's own when the check
 * never ran, as when a here-document without its end line took it in).
 */
export function evalWithPipeStatus(name: string): string {
  return `eval "$${name}"$'\\n\\n''{ __rb_pipe_status "$?" "\${PIPESTATUS[@]}"; set +xv; } 2>/dev/null'\nbuiltin exit "\${__rb_final:-$?}"`;
}
