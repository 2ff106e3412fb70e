import { shellQuote } from '../shell/quote.js';

/**
 * Guard mode (a rehearsal without namespaces): passthrough tools run for real, so those that can
 * write files or run programs are held to their reading forms by read-only bash functions of
 * the same name, defined by the step's startup file for the tools the scenario passes through.
 * A held form is refused before the tool runs: exit 126 and a message naming the command
 * (`__rb_refuse`, defined by the guard in `preamble-source.ts`). `command TOOL` (which skips
 * functions) and `command -p` (the default PATH) are refused by the guard itself
 * (`__RB_HELD` names the held tools). What is held, and what is not, is in docs/security.md.
 *
 * `@{` stands for `${` (the text is a JavaScript template).
 */
/** The awk family, held by one function. */
const AWKS = ['awk', 'gawk', 'mawk', 'nawk', 'original-awk', 'busybox-awk'];
/** Tools held to their reading forms. */
const READERS = [...AWKS, 'sed', 'sort', 'uniq', 'date'];
/** Tools refused whole in guard mode: every use of them can write files. */
const WRITERS = ['split', 'csplit', 'tar', 'cpio', 'pax', 'zip', 'unzip', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd', 'unzstd', 'patch', 'shuf', 'iconv', 'xxd', 'mktemp', 'mkfifo', 'mknod', 'hostname'];

/** Passthrough tools guard mode holds (they are kept off the steps' PATH, in the held folder). */
export const HELD_PASSTHROUGH: ReadonlySet<string> = new Set([...READERS, ...WRITERS]);
/** Passthrough tools guard mode refuses whole. */
export const REFUSED_PASSTHROUGH: ReadonlySet<string> = new Set(WRITERS);

/** The held tools' functions for a step whose held passthrough tools are linked in `heldDir`. */
export function heldTools(heldDir: string): string {
  return `builtin declare -gr __RB_DIR=${shellQuote(heldDir)}\n` + HELD_TOOLS.replace('@AWKS@', AWKS.join(' ')).replace('@READERS@', READERS.join(' ')).replace('@WRITERS@', WRITERS.join(' '));
}

const HELD_TOOLS = String.raw`
# awk: options limited to -F, -v, -W (not exec) and --. The program is checked as awk compiled
# it: mawk lists its byte code (-W dump, nothing runs), where a print with a redirection, a
# "cmd" | getline and system() are refused; GNU awk runs with --sandbox; any other awk gets a
# text check that refuses any |, any > after a print, system and @ (more than needed).
__rb_awk() {
  local a want= prog= after= out op arg prev=
  [[ " @AWKS@ " == *" $1 "* ]] || __rb_refuse "$1" "is not awk"
  for a in "@{@:2}"; do
    if [[ -n $want ]]; then [[ $want == W && $a == e* ]] && __rb_refuse "$1 -W $a" "reads a program the guard cannot check"; want=; continue; fi
    if [[ -n $after ]]; then prog=$a; break; fi
    case $a in
      --) after=1 ;;
      -[FvW]) want=@{a:1} ;;
      -We*) __rb_refuse "$1 $a" "reads a program the guard cannot check" ;;
      -[FvW]?*) ;;
      -?*) __rb_refuse "$1 $a" "takes an option the rehearsal guard does not know (-f and --exec read a program it cannot check)" ;;
      *) prog=$a; break ;;
    esac
  done
  [[ -z $prog ]] && { command "$__RB_DIR/$1" "@{@:2}"; return; }
  out=$(command "$__RB_DIR/$1" -W version 2>&1 </dev/null)
  if [[ $out == mawk* ]]; then
    out=$(command "$__RB_DIR/$1" -W dump -- "$prog" 2>/dev/null </dev/null) || { command "$__RB_DIR/$1" -W dump -- "$prog" >/dev/null </dev/null; return; }
    while IFS=$'\t' read -r _ op arg; do
      case $op in
        system) __rb_refuse "$1" "runs a program (system())" ;;
        print|printf) [[ $prev == -[123] ]] && __rb_refuse "$1" "writes to a file or a program (print >, print >>, print |)" ;;
        getline) [[ $prev == -4 ]] && __rb_refuse "$1" "runs a program (\"cmd\" | getline)" ;;
      esac
      [[ $op == pushint ]] && prev=$arg || prev=
    done <<< "$out"
  elif [[ $out == *'GNU Awk'* ]]; then
    command "$__RB_DIR/$1" --sandbox "@{@:2}"; return
  else
    out=@{prog//||/ }
    [[ $out == *'|'* || $out == *@* || $out =~ (print|printf).*\> || $out == *system* ]] && __rb_refuse "$1" "may write files or run programs (print >, print |, | getline, system)"
  fi
  command "$__RB_DIR/$1" "@{@:2}"
}
# sed: always run with GNU --sandbox (e, w, W, r, R, s///e, s///w refused by sed itself); before
# that, its scripts are tried alone in the sandbox so that such a script gets the guard's
# message; no -i, --in-place or any abbreviation of it (--in).
__rb_sed() {
  local a want= err
  local -a scripts=()
  [[ $1 == sed ]] || __rb_refuse "$1" "is not sed"
  for a in "@{@:2}"; do
    if [[ -n $want ]]; then [[ $want != l ]] && scripts+=("-$want" "$a"); want=; continue; fi
    case $a in
      --) break ;;
      --i*) __rb_refuse "$1 $a" "edits files in place" ;;
      --e*=*) scripts+=(-e "@{a#*=}") ;;
      --e*) want=e ;;
      --fi*=*) scripts+=(-f "@{a#*=}") ;;
      --fi*) want=f ;;
      --l*=*) ;;
      --l*) want=l ;;
      --*) ;;
      -*)
        [[ $a =~ ^-[nErsuzb]*i ]] && __rb_refuse "$1 $a" "edits files in place"
        if [[ $a =~ ^-[nErsuzb]*([efl])(.*)$ ]]; then
          if [[ -z @{BASH_REMATCH[2]} ]]; then want=@{BASH_REMATCH[1]}
          elif [[ @{BASH_REMATCH[1]} != l ]]; then scripts+=("-@{BASH_REMATCH[1]}" "@{BASH_REMATCH[2]}"); fi
        fi ;;
      *) (( @{#scripts[@]} )) || scripts=(-e "$a"); break ;;
    esac
  done
  if (( @{#scripts[@]} )); then
    err=$(command "$__RB_DIR/$1" --sandbox -n "@{scripts[@]}" </dev/null 2>&1 >/dev/null)
    [[ $err == *'sandbox mode'* ]] && __rb_refuse "$1 @{scripts[*]}" "writes a file or runs a program (sed e, w, W, r, R, s///e, s///w)"
  fi
  command "$__RB_DIR/$1" --sandbox "@{@:2}"
}
# sort: no -o (alone or after other flags), --output, --compress-program, or their abbreviations.
__rb_sort() {
  local a
  [[ $1 == sort ]] || __rb_refuse "$1" "is not sort"
  for a in "@{@:2}"; do
    [[ $a == -- ]] && break
    [[ $a =~ ^-[bdfghiMmnRrsuVcCz]*o || $a == --o* ]] && __rb_refuse "$1 $a" "writes its output to a file"
    [[ $a == --co* ]] && __rb_refuse "$1 $a" "runs a program (--compress-program)"
  done
  command "$__RB_DIR/$1" "@{@:2}"
}
# uniq: at most one file operand (a second one is the file it writes).
__rb_uniq() {
  local a skip= ends= operands=0
  [[ $1 == uniq ]] || __rb_refuse "$1" "is not uniq"
  for a in "@{@:2}"; do
    if [[ -n $skip ]]; then skip=; continue; fi
    if [[ -z $ends && $a == -?* ]]; then
      [[ $a == -- ]] && ends=1
      [[ $a =~ ^-[A-Za-z]*[fsw]$ || ( ( $a == --s* || $a == --ch* ) && $a != *=* ) ]] && skip=1
      continue
    fi
    operands=$((operands + 1))
  done
  (( operands > 1 )) && __rb_refuse "$*" "writes its output to a file (its second operand)"
  command "$__RB_DIR/$1" "@{@:2}"
}
# date: no -s or --set (it sets the system clock).
__rb_date() {
  local a skip=
  [[ $1 == date ]] || __rb_refuse "$1" "is not date"
  for a in "@{@:2}"; do
    if [[ -n $skip ]]; then skip=; continue; fi
    [[ $a == -- ]] && break
    [[ $a =~ ^-[uR]*s || $a == --s* ]] && __rb_refuse "$1 $a" "sets the system clock"
    [[ $a =~ ^-[uR]*[dfr]$ ]] && skip=1
  done
  command "$__RB_DIR/$1" "@{@:2}"
}
builtin declare -g __RB_HELD=' '
for __rb_t in @READERS@; do
  [[ -x $__RB_DIR/$__rb_t ]] || continue
  case $__rb_t in sed|sort|uniq|date) __rb_f=__rb_$__rb_t ;; *) __rb_f=__rb_awk ;; esac
  builtin eval "$__rb_t() { $__rb_f $__rb_t \"\$@\"; }"; __RB_HELD+="$__rb_t "
done
for __rb_t in @WRITERS@; do
  [[ -e $__RB_DIR/$__rb_t ]] || continue
  builtin eval "$__rb_t() { __rb_refuse \"$__rb_t \$*\" 'can write files (guard mode refuses it: no namespace isolation here)'; }"; __RB_HELD+="$__rb_t "
done
builtin readonly -f __rb_awk __rb_sed __rb_sort __rb_uniq __rb_date $__RB_HELD
builtin readonly __RB_HELD
builtin unset __rb_t __rb_f
`;
