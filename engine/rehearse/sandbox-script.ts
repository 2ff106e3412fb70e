import type { SandboxTools } from './detect-sandbox.js';
import { shellQuote } from '../shell/quote.js';

export interface SandboxLayout {
  /** Host scratch folder of this rehearsal (removed on close). */
  scratch: string;
  tools: SandboxTools;
  node: string;
  /** name → host path of each passthrough tool found. */
  passthrough: Record<string, string>;
  /** Commands the scenario names by a path (`./scripts/deploy.sh`): the path as written → its shim file. */
  pathShims?: Record<string, string>;
}

/** Paths as seen inside the sandbox. */
export const INSIDE = {
  node: '/.rb/bin/node',
  shims: '/.rb/shims',
  pass: '/.rb/pass',
  world: '/.rb/world',
  preamble: '/.rb/preamble.sh',
  socket: '/.rb/run/world.sock',
  home: '/tmp/home',
} as const;


/**
 * The script `unshare` runs as root of a fresh user namespace (with new mount, network and
 * PID namespaces) before the step's bash: it builds a new root on a tmpfs holding read-only
 * views of /usr and /etc, with every directory of programs (/usr/bin, /usr/sbin,
 * /usr/local/bin…) covered by an empty read-only tmpfs, so only the shims and the passthrough
 * tools can be run; /tmp is the rehearsal's private scratch folder; the step's working
 * directory, when it is elsewhere, is a private empty folder at the same path (under /tmp: inside the
 * scratch /tmp). It then
 * pivots into that root, detaches the old one, makes the root read-only and runs bash with
 * every capability dropped (so nothing can be remounted writable). The arguments it gets
 * are bash's (`-c WRAPPER runbook COMMAND`).
 */
export function sandboxScript(layout: SandboxLayout): string {
  const { scratch, tools, node } = layout;
  const binds = [
    [tools.bash, '.rb/bin/bash'],
    [node, '.rb/bin/node'],
    [tools.setpriv, '.rb/bin/setpriv'],
    [`${scratch}/world`, '.rb/world'],
    [`${scratch}/preamble.sh`, '.rb/preamble.sh'],
    ...Object.entries(layout.passthrough).map(([name, path]) => [path, `.rb/pass/${name}`]),
  ];
  return `set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
S=${shellQuote(scratch)}
R="$S/root"
mount -t tmpfs -o mode=755 rehearsal "$R"
cd "$R"
mkdir -p usr etc proc dev tmp .rb/bin .rb/pass .rb/shims .rb/run .old
for top in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$top" ]; then ln -s "$(readlink "/$top")" "$top"
  elif [ -d "/$top" ]; then mkdir "$top"; mount --rbind "/$top" "$top"; mount -o remount,bind,ro "$top"; fi
done
for top in usr etc; do mount --rbind "/$top" "$top"; mount -o remount,bind,ro "$top"; done
covered=
for dir in usr/bin usr/sbin usr/local/bin usr/local/sbin usr/games usr/local/games usr/libexec bin sbin; do
  if [ -d "$dir" ] && [ ! -L "$dir" ]; then mount -t tmpfs -o size=64k,mode=755 none "$dir"; covered="$covered $dir"; fi
done
bind_file() { : > "$2"; mount --bind "$1" "$2"; mount -o remount,bind,ro "$2"; }
${binds.map(([from, to]) => `bind_file ${shellQuote(from!)} ${shellQuote(to!)}`).join('\n')}
mount --bind "$S/shims" .rb/shims; mount -o remount,bind,ro .rb/shims
mount --bind "$S/run" .rb/run; mount -o remount,bind,ro .rb/run
mount --bind "$S/tmp" tmp
mount -t proc proc proc
mount -t tmpfs -o mode=755 none dev
for node in null zero full random urandom; do : > "dev/$node"; mount --bind "/dev/$node" "dev/$node"; done
ln -s /proc/self/fd dev/fd; ln -s /proc/self/fd/0 dev/stdin; ln -s /proc/self/fd/1 dev/stdout; ln -s /proc/self/fd/2 dev/stderr
# What earlier steps wrote (scratch /tmp, private folders) may hold symbolic links: nothing
# below follows one, so a link cannot make this script (still root, still seeing the host)
# create or bind anything outside the rehearsal.
no_links() {
  local path="$1" part
  set -f; local IFS=/
  for part in $2; do
    [ -z "$part" ] && continue
    path="$path/$part"
    if [ -L "$path" ]; then set +f; return 1; fi
  done
  set +f
}
[ -L tmp/home ] || mkdir -p tmp/home
cwd=\${RUNBOOK_REHEARSAL_CWD:-/tmp}
case "$cwd" in /*) ;; *) cwd=/tmp ;; esac
case "$cwd/" in */../*) cwd=/tmp ;; esac
no_links "$R" "$cwd" || cwd=/tmp
case "$cwd" in
  /tmp/*) mkdir -p "$R$cwd" 2>/dev/null || true ;;
  /|/usr|/usr/*|/etc|/etc/*|/tmp|/proc|/proc/*|/dev|/dev/*|/.rb|/.rb/*) ;;
  *) private="$S/cwd/$(printf '%s' "$cwd" | tr '/' '%')"
     { mkdir -p "$private" "$R$cwd" && mount --bind "$private" "$R$cwd"; } 2>/dev/null || cwd=/tmp ;;
esac
place_shim() {
  case "/$2/" in */../*) return 0 ;; esac
  case "$2" in /*) target="$2" ;; *) target="$cwd/$2" ;; esac
  no_links "$R" "$target" || return 0
  { mkdir -p "$R\${target%/*}" && : > "$R$target" && mount --bind "$1" "$R$target" && mount -o remount,bind,ro "$R$target"; } 2>/dev/null || true
}
${Object.entries(layout.pathShims ?? {}).map(([path, shim]) => `place_shim ${shellQuote(shim)} ${shellQuote(path)}`).join('\n')}
for dir in $covered; do mount -o remount,ro "$R/$dir"; done
cd "$R"
pivot_root . .old
cd /
/.old${tools.mount} -o remount,bind,ro /
/.old${tools.umount} -l /.old
export RUNBOOK_REHEARSAL_CWD="$cwd" PATH=${INSIDE.shims}:${INSIDE.pass} HOME=${INSIDE.home} BASH_ENV=${INSIDE.preamble} RUNBOOK_WORLD_SOCKET=${INSIDE.socket}
exec /.rb/bin/setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- /.rb/bin/bash "$@"
`;
}
