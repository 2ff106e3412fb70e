/**
 * A step runs under `set -o pipefail`, so `kubectl get pods | head -1` would fail with 141: the
 * producer is killed by SIGPIPE when `head` has read what it wanted and gone, which is what the
 * author meant. The step's status is therefore taken from its last pipeline's `PIPESTATUS`:
 * when the last member succeeded and every failing member before it was killed by SIGPIPE
 * (128 + 13), the step succeeded; any other failure (`curl … | tail` with curl's 6) stays one.
 * This is about the status the step ends with; inside the step, `&&`, `if` and `set -e` still
 * see the pipeline's 141 (docs/running.md "pipefail").
 *
 * `PIPESTATUS` is gone once `eval` returns, so the check runs as the last line of the eval'd
 * text; its group's `2>/dev/null` keeps a step's `set -x` from tracing it.
 */

/** The bash function, `__rb_pipe_status`: `$?` is the command's status, the arguments its last pipeline's PIPESTATUS. */
export const PIPE_STATUS_FUNCTION = [
  '__rb_pipe_status() {',
  '  local rc=$? s',
  '  (( rc != 0 && $# > 1 )) && [[ ${!#} == 0 ]] || return $rc',
  '  for s in "${@:1:$#-1}"; do [[ $s == 0 || $s == 141 ]] || return $rc; done',
  '  return 0',
  '}',
].join('\n');

/**
 * The text to `eval` for a step's command held in the shell variable `name`: the command, then
 * (after two line breaks, so a trailing backslash or here-document ends first) the check.
 */
export function evalWithPipeStatus(name: string): string {
  return `eval "$${name}"$'\\n\\n''{ __rb_pipe_status "\${PIPESTATUS[@]}"; } 2>/dev/null'`;
}
