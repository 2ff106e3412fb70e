import { heldTools } from './guard-held-tools.js';
import { shimFunctions, type ShimOptions } from './shim-functions.js';

/**
 * The bash startup file (`BASH_ENV`) of a rehearsal shell: the shim functions (every simulated
 * command, and `command_not_found_handle` for the rest, ask the world: `shim-functions.ts`).
 *
 * With namespaces it is read once, by the rehearsal's shell server inside the sandbox; each
 * step moves to its directory itself (`enterStep`). Without (`guard: true`), each step is a
 * bash of its own that reads it: it moves to the step's directory and installs a best-effort
 * guard: a DEBUG trap (inherited by functions, subshells and command substitutions) that reads
 * each simple command before bash runs it and stops the shell (exit 126, with a message) when
 * the command names a program by path (a shim function excepted) or through an expansion, runs
 * `exec`/`enable`/`hash -p` or `kill` on a process id, removes the trap, or redirects output
 * to a file other than /dev/null, /dev/stdout or /dev/stderr. It reads the command text before
 * expansion, so it is a second line, not a wall: see docs/rehearsal.md.
 */
export function preambleSource(options: ShimOptions & { guard: boolean; held?: string }): string {
  const lines = ['builtin unset BASH_ENV'];
  if (options.guard) {
    lines.push(
      'if [[ -n ${RUNBOOK_REHEARSAL_CWD-} ]]; then builtin cd -- "$RUNBOOK_REHEARSAL_CWD" 2>/dev/null || builtin cd /tmp; fi',
      'builtin unset RUNBOOK_REHEARSAL_CWD',
    );
  }
  lines.push(shimFunctions({ ...options, serverShell: !options.guard }));
  if (options.guard) lines.push((GUARD + heldTools(options.held ?? '/nonexistent') + GUARD_TAIL).replaceAll('@{', '${'));
  return lines.join('\n') + '\n';
}

/**
 * The text put before each step's command in the sandbox's shell server: into the step's
 * directory (the one the run gives, or /tmp when it does not exist in the sandbox).
 */
export const ENTER_STEP = 'builtin cd -- "$RUNBOOK_REHEARSAL_CWD" 2>/dev/null || builtin cd /tmp; builtin unset -v RUNBOOK_REHEARSAL_CWD; ';

const GUARD = String.raw`
__rb_refuse() {
  builtin printf 'rehearsal: %s%s%s %s; nothing was run (no namespace isolation here, so the step is stopped)\n' $'\x60' "$1" $'\x60' "$2" >&2
  builtin exit 126
}
__rb_guard() {
  local c=$BASH_COMMAND bare w i rest
  [[ $c == "builtin trap 'builtin shopt -s extdebug; __rb_guard' DEBUG" ]] && return 0
  # The shims' own commands (they write only to the world channel).
  case @{FUNCNAME[1]-} in __rb_ask|__rb_awk|__rb_sed|__rb_sort|__rb_uniq|__rb_date) return 0 ;; esac
  # Quoted text is data: drop it before looking for redirections.
  bare=$c
  while [[ $bare =~ ^(.*)\'[^\']*\'(.*)$ ]]; do bare="@{BASH_REMATCH[1]}Q@{BASH_REMATCH[2]}"; done
  while [[ $bare =~ ^(.*)\"([^\"\\]|\\.)*\"(.*)$ ]]; do bare="@{BASH_REMATCH[1]}Q@{BASH_REMATCH[3]}"; done
  [[ $bare == */dev/tcp/* || $bare == */dev/udp/* ]] && __rb_refuse "$c" "opens a network connection"
  # Comparisons are not redirections: [[ a > b ]], (( a > b )), $(( a > b )).
  while [[ $bare =~ ^(.*)\$\(\(([^()]|\([^()]*\))*\)\)(.*)$ ]]; do bare="@{BASH_REMATCH[1]}N@{BASH_REMATCH[3]}"; done
  rest=$bare
  [[ $bare == '(('* || $bare == '[['* ]] && rest=
  while [[ $rest =~ (^|[^<>&0-9])[0-9]*(\>\>?\|?|\&\>\>?|\<\>)[[:space:]]*([^[:space:]\;\|\&\)]+)(.*)$ ]]; do
    case @{BASH_REMATCH[3]} in
      /dev/null|/dev/stdout|/dev/stderr|\&*) ;;
      *) __rb_refuse "$c" "writes to a file" ;;
    esac
    rest=@{BASH_REMATCH[4]}
  done
  local -a words
  builtin read -r -a words <<< "$bare"
  i=0
  while [[ @{words[i]-} =~ ^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?= ]]; do i=$((i + 1)); done
  w=@{words[i]-}
  while :; do
    case $w in
      command)
        i=$((i + 1)); w=@{words[i]-}
        while [[ $w == -* ]]; do
          [[ $w == *[vV]* ]] && return 0
          [[ $w == *p* ]] && __rb_refuse "$c" "runs a program from the default PATH (command -p)"
          i=$((i + 1)); w=@{words[i]-}
        done
        [[ $__RB_HELD == *" @{w//[\"\\\']/} "* ]] && __rb_refuse "$c" "skips the rehearsal's hold on @{w//[\"\\\']/} (command)" ;;
      builtin|time|\!) i=$((i + 1)); w=@{words[i]-} ;;
      exec)
        for w in "@{words[@]:i+1}"; do
          [[ $w =~ ^([0-9]*|\{[A-Za-z_][A-Za-z0-9_]*\})?([\<\>]|\&\>) || $w == \&* || $w == -* ]] || __rb_refuse "$c" "replaces the shell"
        done
        return 0 ;;
      *) break ;;
    esac
  done
  w=@{w//[\"\\]/}
  [[ -z $w ]] && return 0
  [[ $w == */* ]] && ! builtin declare -F -- "$w" >/dev/null 2>&1 && __rb_refuse "$c" "runs a program by its path"
  [[ $w == *'$'* || $w == *$'\x60'* ]] && __rb_refuse "$c" "names the command with an expansion"
  case $w in
    enable) __rb_refuse "$c" "changes the shell's builtins" ;;
    hash) [[ " @{words[*]:i+1} " == *' -p'* ]] && __rb_refuse "$c" "maps a command to a program" ;;
    trap) [[ " @{words[*]:i+1} " == *[\ \']DEBUG[\ \']* ]] && __rb_refuse "$c" "removes the rehearsal guard" ;;
    set) [[ " @{words[*]:i+1} " == *' +'*T* || " @{words[*]:i+1} " == *functrace* ]] && __rb_refuse "$c" "removes the rehearsal guard" ;;
    shopt) [[ " @{words[*]:i+1} " == *extdebug* ]] && __rb_refuse "$c" "removes the rehearsal guard" ;;
    kill)
      for w in "@{words[@]:i+1}"; do
        [[ $w == -* || $w == %* || $w == '$!' ]] || __rb_refuse "$c" "signals a process outside the rehearsal"
      done ;;
  esac
  return 0
}
`;

const GUARD_TAIL = String.raw`
builtin readonly -f __rb_refuse __rb_guard
builtin readonly PATH
builtin set -T
builtin trap 'builtin shopt -s extdebug; __rb_guard' DEBUG
`;
