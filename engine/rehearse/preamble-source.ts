import { shellQuote } from '../shell/quote.js';

/**
 * The bash startup file (`BASH_ENV`) of every rehearsal step. It moves to the step's working
 * directory and installs a read-only `command_not_found_handle` that sends any command not on
 * the shim PATH to the world (which answers it or refuses it with exit 127).
 *
 * Without namespaces (`guard: true`) it also installs a best-effort guard: a DEBUG trap
 * (inherited by functions, subshells and command substitutions) that reads each simple
 * command before bash runs it and stops the shell (exit 126, with a message) when the command
 * names a program by path or through an expansion, runs `exec`/`enable`/`hash -p` or `kill`
 * on a process id, removes the trap, or redirects output to a file other than /dev/null,
 * /dev/stdout or /dev/stderr. It reads the command text before expansion, so it is a
 * second line, not a wall: see docs/rehearsal.md.
 */
export function preambleSource(options: { world: string; guard: boolean }): string {
  const lines = [
    'builtin unset BASH_ENV',
    'if [[ -n ${RUNBOOK_REHEARSAL_CWD-} ]]; then builtin cd -- "$RUNBOOK_REHEARSAL_CWD" 2>/dev/null || builtin cd /tmp; fi',
    'builtin unset RUNBOOK_REHEARSAL_CWD',
    `command_not_found_handle() { ${shellQuote(options.world)} "$@"; }`,
    'builtin readonly -f command_not_found_handle',
  ];
  if (options.guard) lines.push(GUARD.replaceAll('@{', '${'));
  return lines.join('\n') + '\n';
}

const GUARD = String.raw`
__rb_refuse() {
  builtin printf 'rehearsal: %s%s%s %s; nothing was run (no namespace isolation here, so the step is stopped)\n' $'\x60' "$1" $'\x60' "$2" >&2
  builtin exit 126
}
__rb_guard() {
  local c=$BASH_COMMAND bare w i rest
  [[ $c == "builtin trap 'builtin shopt -s extdebug; __rb_guard' DEBUG" ]] && return 0
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
        while [[ $w == -* ]]; do [[ $w == *[vV]* ]] && return 0; i=$((i + 1)); w=@{words[i]-}; done ;;
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
  [[ $w == */* ]] && __rb_refuse "$c" "runs a program by its path"
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
builtin readonly -f __rb_refuse __rb_guard
builtin readonly PATH
builtin set -T
builtin trap 'builtin shopt -s extdebug; __rb_guard' DEBUG
`;
