import type { SandboxTools } from './detect-sandbox.js';

export interface SandboxLayout {
  /** Host scratch folder of this rehearsal (removed on close). */
  scratch: string;
  tools: SandboxTools;
  node: string;
  /** name → host path of each passthrough tool found. */
  passthrough: Record<string, string>;
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

const q = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

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
S=${q(scratch)}
R="$S/root"
mount -t tmpfs -o mode=755 rehearsal "$R"
cd "$R"
mkdir -p usr etc proc dev tmp .rb/bin .rb/pass .rb/shims .rb/run .old
for top in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$top" ]; then ln -s "$(readlink "/$top")" "$top"
  elif [ -d "/$top" ]; then mkdir "$top"; mount --rbind "/$top" "$top"; mount -o remount,bind,ro "$top"; fi
done
for top in usr etc; do mount --rbind "/$top" "$top"; mount -o remount,bind,ro "$top"; done
for dir in usr/bin usr/sbin usr/local/bin usr/local/sbin usr/games usr/local/games usr/libexec bin sbin; do
  if [ -d "$dir" ] && [ ! -L "$dir" ]; then mount -t tmpfs -o ro,size=4k,mode=755 none "$dir"; fi
done
bind_file() { : > "$2"; mount --bind "$1" "$2"; mount -o remount,bind,ro "$2"; }
${binds.map(([from, to]) => `bind_file ${q(from!)} ${q(to!)}`).join('\n')}
mount --bind "$S/shims" .rb/shims; mount -o remount,bind,ro .rb/shims
mount --bind "$S/run" .rb/run
mount --bind "$S/tmp" tmp
mount -t proc proc proc
mount -t tmpfs -o mode=755 none dev
for node in null zero full random urandom; do : > "dev/$node"; mount --bind "/dev/$node" "dev/$node"; done
ln -s /proc/self/fd dev/fd; ln -s /proc/self/fd/0 dev/stdin; ln -s /proc/self/fd/1 dev/stdout; ln -s /proc/self/fd/2 dev/stderr
mkdir -p tmp/home
cwd=\${RUNBOOK_REHEARSAL_CWD:-/tmp}
case "$cwd" in /*) ;; *) cwd=/tmp ;; esac
case "$cwd/" in */../*) cwd=/tmp ;; esac
case "$cwd" in
  /tmp/*) mkdir -p "$S/tmp/\${cwd#/tmp/}" ;;
  /|/usr|/usr/*|/etc|/etc/*|/tmp|/proc|/proc/*|/dev|/dev/*|/.rb|/.rb/*) ;;
  *) private="$S/cwd/$(printf '%s' "$cwd" | tr '/' '%')"; mkdir -p "$private" "$R$cwd"; mount --bind "$private" "$R$cwd" ;;
esac
pivot_root . .old
cd /
/.old${tools.mount} -o remount,bind,ro /
/.old${tools.umount} -l /.old
export PATH=${INSIDE.shims}:${INSIDE.pass} HOME=${INSIDE.home} BASH_ENV=${INSIDE.preamble} RUNBOOK_WORLD_SOCKET=${INSIDE.socket}
exec /.rb/bin/setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- /.rb/bin/bash "$@"
`;
}
