# shellcheck shell=bash
# The shell server's program: a long-lived bash that forks one subshell per step (see
# create-bash-server.ts for the protocol). Run as `bash --noprofile --norc -c "$program"
# runbook-shell DIR TRAPS CGROUP PIPESTATUS STDIN`: DIR is the private FIFO directory, TRAPS the `trap` commands
# that make a fatal signal exit 128+N (stop-command.ts: signal numbers differ between systems),
# CGROUP the run's cgroup ('' for none: terminate/process-fences.ts), PIPESTATUS the definition
# of `__rb_pipe_status` (pipe-status.ts: a producer killed by SIGPIPE does not fail a step),
# STDIN what each step reads (`/dev/null`, or a FIFO Node holds open and never writes).
# Replies go to fd 3 (moved to a high fd), requests come on stdin as NUL-terminated fields
# (server-protocol.ts).
# Every name of ours starts with `__rb_`; a step's command runs in a subshell that has them all.

set -m
__rb_dir=$1
eval "__rb_fatal_traps() { $2; }"
__rb_cgroup=$3
eval "$4"
__rb_stdin=${5:-/dev/null}
exec {__rb_reply}>&3 3>&-

# The FIFO directory goes with the server. A `mkfifo` that Node started may still be adding to
# it (Node gone during start-up): try again a moment later.
__rb_remove_dir() {
  local try
  for try in 1 2 3 4 5 6 7 8 9 10; do
    command rm -rf -- "$__rb_dir" 2>/dev/null
    [[ -e $__rb_dir ]] || return 0
    command sleep 0.05
  done
}
trap '__rb_remove_dir' EXIT

# If Node dies (SIGKILL, OOM), nothing may be left behind: a watcher reads the reply socket,
# which Node never writes to, so it returns only when Node's end is gone; then it hangs up the
# server, which kills the running step's process group (even one still blocked opening its
# FIFOs) and every process of the run's cgroup, and removes that cgroup. Node stops a server
# with TERM: the step's process group only (Node looks after the cgroup).
__rb_pid=
trap '[[ -n $__rb_pid ]] && builtin kill -KILL -- -"$__rb_pid" 2>/dev/null; builtin exit 143' TERM
__rb_orphaned() {
  [[ -n $__rb_pid ]] && builtin kill -KILL -- -"$__rb_pid" 2>/dev/null
  if [[ -n $__rb_cgroup && -e $__rb_cgroup/cgroup.kill ]]; then
    builtin echo 1 >"$__rb_cgroup/cgroup.kill"
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
      command rmdir "$__rb_cgroup"/*/ "$__rb_cgroup" 2>/dev/null
      [[ -e $__rb_cgroup ]] || break
      command sleep 0.05
    done
  fi
  builtin exit 129
}
trap '__rb_orphaned' HUP
{
  IFS= read -r -d '' __rb_x <&"$__rb_reply"
  builtin kill -HUP $$ 2>/dev/null
} </dev/null >/dev/null 2>&1 &

# A step's EXIT trap: closes its output with the end marks (to the FIFOs themselves, wherever
# the command sent its own output), says it ends (`E`, only when it writes the state), writes the
# state (`export -p` and `$PWD` framed by the nonce) to the state FIFO, then gives the exit
# status (`D`). It writes with `exec` redirections: a redirected builtin saves and restores its
# descriptor, a dozen system calls each time. Before a request (no __rb_k) it only exits. The
# trap turns `set -x` and `set -v` off first, out of sight, so that a step tracing its commands
# never sees the runner's.
__rb_end() {
  [[ -n $__rb_k ]] || builtin exit "$__rb_status"
  exec >>"$__rb_dir/o$__rb_k"
  builtin printf '\0RBEND%s\0' "$__rb_nonce"
  exec >>"$__rb_dir/e$__rb_k"
  builtin printf '\0RBEND%s\0' "$__rb_nonce"
  exec >&"$__rb_reply"
  if [[ -n $__rb_s ]]; then
    builtin printf 'E\0-\0'
    exec >>"$__rb_dir/state"
    builtin printf '\0S%s\0' "$__rb_nonce"
    builtin export -p
    builtin printf '\0%s\0E%s\0' "$PWD" "$__rb_nonce"
    exec >&"$__rb_reply"
  fi
  builtin printf 'D\0%s\0' "$__rb_status"
  builtin exit "$__rb_status"
}

# Forked ahead of its request (the fork overlaps Node's work): it takes the request, applies its
# environment changes, joins the step's cgroup, and only then reports its pid (`S`): a stop that
# came sooner waits for it there, so no signal ever ends a subshell halfway through a request
# (the next subshell would read the rest as its own). Then it runs the command once the go
# comes; its EXIT trap says it ends. Every reply of a step comes from one process, in order,
# never interleaved with the server's.
# Its traps are set while it waits (off the step's path): the EXIT trap does nothing before a
# request (none read: no __rb_k, whatever the environment held), and each exit before the go
# drops it.
__rb_child() {
  builtin unset -v __rb_k
  trap '{ __rb_status=$?; set +xv; } 2>/dev/null; __rb_end' EXIT
  # Dying of a signal, bash would run that trap with the last command's status: exit with 128+N.
  __rb_fatal_traps
  # A go (or refusal) of a subshell that ended before it read it (its cd failed): not ours.
  while IFS= read -r -d '' __rb_kind && [[ $__rb_kind == [GN] ]]; do :; done
  # Node has gone (the end of input: Node stopping a server on purpose ends its input only once
  # it has exited): so does the server, by its orphan path.
  [[ $__rb_kind == R ]] || { trap - EXIT; builtin kill -HUP $$; builtin exit 0; }
  IFS= read -r -d '' __rb_nonce
  IFS= read -r -d '' __rb_k
  IFS= read -r -d '' __rb_s
  IFS= read -r -d '' __rb_join
  IFS= read -r -d '' __rb_pipefail
  IFS= read -r -d '' __rb_cwd
  IFS= read -r -d '' __rb_cmd
  IFS= read -r -d '' __rb_n
  # The environment as changes to the server's: `+NAME=value` exports, `-NAME` unsets.
  while (( __rb_n > 0 )); do
    IFS= read -r -d '' __rb_op
    if [[ $__rb_op == +* ]]; then builtin export -- "${__rb_op:1}"; else builtin unset -v -- "${__rb_op:1}"; fi
    __rb_n=$(( __rb_n - 1 ))
  done
  # Into the step's cgroup, before anything of the step runs: all it starts stays in there.
  [[ -z $__rb_join ]] || builtin echo "$BASHPID" 2>/dev/null >"$__rb_join"
  builtin printf 'S\0%s\0' "$BASHPID" >&"$__rb_reply"
  exec {__rb_in}<&0 <"$__rb_stdin" >"$__rb_dir/o$__rb_k" 2>"$__rb_dir/e$__rb_k"
  builtin cd -- "$__rb_cwd" || { trap - EXIT; builtin exit 126; }
  builtin readonly __rb_dir __rb_stdin __rb_k __rb_s __rb_nonce __rb_reply
  # The go: Node sends it once the journal is on disk (all the above overlapped the sync).
  IFS= read -r -d '' -u "$__rb_in" __rb_go
  exec {__rb_in}<&-
  [[ $__rb_go == G ]] || { trap - EXIT; builtin exit 125; }
  set --
  [[ -z $__rb_pipefail ]] || set -o pipefail
  eval "$__rb_cmd"$'\n\n''{ __rb_pipe_status "$?" "${PIPESTATUS[@]}"; set +xv; } 2>/dev/null'
  builtin exit "${__rb_final:-$?}"
}
builtin readonly -f __rb_end __rb_child __rb_fatal_traps __rb_remove_dir __rb_orphaned __rb_pipe_status

while :; do
  ( __rb_child ) &
  __rb_pid=$!
  wait "$__rb_pid"
  builtin printf 'X\0%s\0' "$?" >&"$__rb_reply"
  __rb_pid=
done
