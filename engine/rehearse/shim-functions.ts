import { shellQuote } from '../shell/quote.js';
import { isShellBuiltin } from '../shell/text/shell-builtins.js';
/**
 * The shims, as bash functions defined in every rehearsal shell (the preamble): one per command
 * the scenario names (`kubectl() { __rb_ask kubectl "$@"; }`, also for names that are paths,
 * `./scripts/deploy.sh`, which bash looks up as functions too) and `command_not_found_handle`
 * for the rest. `__rb_ask` talks to the world already running in Node over FIFOs
 * (`world-channel.ts`): no process starts for a simulated command.
 *
 * The protocol, in the channel directory `W` (FIFOs made by Node ahead of time):
 * - a slot `i` is claimed by creating `W/l<i>` exclusively (noclobber: O_EXCL);
 * - the command's words go to the regular file `W/a<i>`, NUL-terminated;
 * - `i` goes, as one line, to the request FIFO `W/q` (one short write: atomic);
 * - Node answers: stdout and stderr in the files `W/o<i>` and `W/e<i>`, then one line
 *   `EXIT DELAY` (DELAY in seconds, already divided by the time scale) into the FIFO `W/r<i>`,
 *   which the shim holds open read-write (so neither side's open blocks);
 * - the shim waits DELAY (a timed read on that FIFO), prints, then sends `F<i>` (Node frees
 *   the slot) and returns EXIT. Output keeps every byte except NUL.
 * A simulated command fed by a pipe reads its input to the end first, as the real one would:
 * else the writer gets SIGPIPE (exit 141 under pipefail) when the answer comes before it is done.
 */
const ASK = String.raw`
__rb_ask() {
  builtin local - __rb_i __rb_n=0 __rb_fd __rb_x __rb_c __rb_d __rb_o=
  builtin set +x -C +e +u
  [[ -p /dev/stdin ]] && while builtin read -r -N 65536 __rb_x; do :; done
  __rb_i=$(( BASHPID % __RB_SLOTS ))
  until { : > "$__RB_W/l$__rb_i"; } 2>/dev/null; do
    __rb_i=$(( (__rb_i + 1) % __RB_SLOTS )); __rb_n=$(( __rb_n + 1 ))
    if (( __rb_n % __RB_SLOTS == 0 )); then
      [[ -p $__RB_W/q ]] || { builtin printf 'rehearsal: the simulated world has gone; nothing was run\n' >&2; builtin return 127; }
      builtin read -r -t 0.02 -u "$__RB_IDLE" __rb_x
    fi
  done
  builtin printf '%s\0' "$@" >| "$__RB_W/a$__rb_i"
  exec {__rb_fd}<>"$__RB_W/r$__rb_i"
  builtin printf '%s\n' "$__rb_i" 1<>"$__RB_W/q"
  builtin read -r -u "$__rb_fd" __rb_c __rb_d
  [[ $__rb_d == 0 ]] || builtin read -r -t "$__rb_d" -u "$__rb_fd" __rb_x
  exec {__rb_fd}<&-
  IFS= builtin read -r -d '' __rb_o < "$__RB_W/o$__rb_i"
  builtin printf '%s' "$__rb_o"
  __rb_o=
  IFS= builtin read -r -d '' __rb_o < "$__RB_W/e$__rb_i"
  builtin printf '%s' "$__rb_o" >&2
  builtin printf 'F%s\n' "$__rb_i" 1<>"$__RB_W/q"
  builtin return "$__rb_c"
}
`;

export interface ShimOptions {
  /** The world channel's directory as the shell sees it. */
  channel: string;
  slots: number;
  /** Command names and paths the scenario's rules name by their first word. */
  names: Iterable<string>;
  /** Scenario time per real time: `sleep` in steps is divided by it (1: `sleep` is left alone). */
  timeScale: number;
  /** The shell's pid when the functions are defined in a long-lived server: that shell itself never asks the world. */
  serverShell?: boolean;
}

/** The bash source that defines the shims (read-only functions) in a rehearsal shell. */
export function shimFunctions(options: ShimOptions): string {
  const lines = [
    `builtin readonly __RB_W=${shellQuote(options.channel)} __RB_SLOTS=${options.slots}`,
    `exec {__RB_IDLE}<>${shellQuote(`${options.channel}/idle`)}`,
    'builtin readonly __RB_IDLE',
    ASK.trim(),
  ];
  const names = [...options.names].filter((name) => !isShellBuiltin(name) && isFunctionName(name));
  for (const name of names) lines.push(`function ${name} { __rb_ask ${shellQuote(name)} "$@"; }`);
  if (options.serverShell) {
    lines.push('builtin readonly __RB_SERVER=$BASHPID');
    lines.push('command_not_found_handle() { [[ $BASHPID == "$__RB_SERVER" ]] && builtin return 127; __rb_ask "$@"; }');
  } else {
    lines.push('command_not_found_handle() { __rb_ask "$@"; }');
  }
  const functions = ['__rb_ask', 'command_not_found_handle', ...names];
  if (options.timeScale !== 1) {
    lines.push(scaledSleep(options.timeScale));
    functions.push('sleep');
  }
  lines.push(`builtin readonly -f ${functions.map((name) => shellQuote(name)).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** `sleep N[smhd]…` with every duration divided by the time scale (then the real `sleep`, or a timed read). */
function scaledSleep(scale: number): string {
  return String.raw`sleep() {
  builtin local - __rb_a __rb_ms=0 __rb_x
  builtin set +x +e +u
  for __rb_a in "$@"; do
    [[ $__rb_a =~ ^([0-9]*)(\.([0-9]*))?([smhd]?)$ && -n @{BASH_REMATCH[1]}@{BASH_REMATCH[3]} ]] || { command sleep "$@"; builtin return; }
    __rb_x=@{BASH_REMATCH[3]}000
    __rb_x=$(( 10#0@{BASH_REMATCH[1]} * 1000 + 10#@{__rb_x:0:3} ))
    case @{BASH_REMATCH[4]} in m) __rb_x=$(( __rb_x * 60 )) ;; h) __rb_x=$(( __rb_x * 3600 )) ;; d) __rb_x=$(( __rb_x * 86400 )) ;; esac
    __rb_ms=$(( __rb_ms + __rb_x ))
  done
  __rb_ms=$(( __rb_ms * 1000 / ${Math.max(1, Math.round(scale * 1000))} ))
  builtin printf -v __rb_x '%d.%03d' $(( __rb_ms / 1000 )) $(( __rb_ms % 1000 ))
  (( __rb_ms > 0 )) && builtin read -r -t "$__rb_x" -u "$__RB_IDLE" __rb_x
  builtin return 0
}`.replaceAll('@{', '${');
}

function isFunctionName(name: string): boolean {
  return /^[A-Za-z0-9_./+:@%,-]+$/.test(name) && !/^[0-9]+$/.test(name);
}

