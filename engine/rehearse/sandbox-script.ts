import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../shell/quote.js';
import type { SandboxTools } from './detect-sandbox.js';

export interface SandboxLayout {
  /** Host scratch folder of this rehearsal (removed on close). */
  scratch: string;
  tools: SandboxTools;
  /** name → host path of each passthrough tool found. */
  passthrough: Record<string, string>;
}

/** Paths as seen inside the sandbox. */
export const INSIDE = {
  pass: '/.rb/pass',
  preamble: '/.rb/preamble.sh',
  channel: '/.rb/run',
  home: '/tmp/home',
} as const;


/**
 * The folder Node fills for the sandbox (\`.rb\` inside): copies of bash, setpriv and the
 * passthrough tools, and the preamble; one read-only bind instead of one per file.
 */
export function fillSandboxFolder(layout: SandboxLayout, preamble: string): void {
  const rb = join(layout.scratch, 'rb');
  for (const dir of ['bin', 'pass', 'run']) mkdirSync(join(rb, dir), { recursive: true, mode: 0o755 });
  copyFileSync(layout.tools.bash, join(rb, 'bin', 'bash'));
  copyFileSync(layout.tools.setpriv, join(rb, 'bin', 'setpriv'));
  for (const [name, path] of Object.entries(layout.passthrough)) copyFileSync(path, join(rb, 'pass', name));
  writeFileSync(join(rb, 'preamble.sh'), preamble);
}

/**
 * The script `unshare` runs, once per rehearsal, as root of a fresh user namespace (with new
 * mount, network and PID namespaces) before the rehearsal's shell server: it builds a new root
 * on a tmpfs holding read-only views of /usr and /etc (every mount below them read-only too:
 * a bind sub-mount such as Docker's /etc/hosts is remounted on its own), with every directory
 * of programs (/usr/bin, /usr/sbin, /usr/local/bin…) covered by an empty read-only tmpfs, so
 * only the passthrough tools can be run; /tmp is the rehearsal's private scratch folder; the
 * first step's working directory, when it is elsewhere, is a private empty folder at the same
 * path. The server's FIFO directory (its argument after `runbook-shell`) and the world channel are the only
 * host folders mounted writable. It then makes every other mount read-only, pivots into the
 * new root, detaches the old one and runs bash with every capability dropped (so nothing can
 * be remounted writable). Its arguments are the server's bash arguments.
 */
export function sandboxScript(layout: SandboxLayout): string {
  const { scratch, tools } = layout;
  return `set -eu
given_path=$PATH
PATH=/usr/sbin:/usr/bin:/sbin:/bin
S=${shellQuote(scratch)}
R="$S/root"
# The server's host pid, for Node to stop steps by (this shell becomes the server: exec).
read -r hostpid _ < /proc/self/stat; printf '%s\\n' "$hostpid" > "$S/server.pid"
fifos=; prev=
for a; do [ "$prev" = runbook-shell ] && fifos=$a; prev=$a; done
mount -t tmpfs -o mode=755 rehearsal "$R"
cd "$R"
mkdir -p usr etc proc dev tmp .rb .old
for top in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$top" ]; then ln -s "$(readlink "/$top")" "$top"
  elif [ -d "/$top" ]; then mkdir "$top"; mount --rbind "/$top" "$top"; fi
done
for top in usr etc; do mount --rbind "/$top" "$top"; done
for dir in usr/bin usr/sbin usr/local/bin usr/local/sbin usr/games usr/local/games usr/libexec bin sbin; do
  if [ -d "$dir" ] && [ ! -L "$dir" ]; then mount -t tmpfs -o ro,size=4k,mode=755 none "$dir"; fi
done
# bash, setpriv, the passthrough tools and the preamble: copies Node made, in one folder.
mount --bind "$S/rb" .rb
mount --bind "$S/run" .rb/run
mount --bind "$S/tmp" tmp
mount -t proc proc proc
mount -t tmpfs -o mode=755 none dev
for node in null zero full random urandom; do : > "dev/$node"; mount --bind "/dev/$node" "dev/$node"; done
ln -s /proc/self/fd dev/fd; ln -s /proc/self/fd/0 dev/stdin; ln -s /proc/self/fd/1 dev/stdout; ln -s /proc/self/fd/2 dev/stderr
writable=("$R/tmp" "$R/.rb/run" "$R/proc")
# The shell server's FIFOs (a private folder of the server's, made by Node) at the same path.
case "$fifos" in
  */runbook-shell-*) if [ -d "$fifos" ] && [ ! -L "$fifos" ]; then mkdir -p "$R$fifos"; mount --bind "$fifos" "$R$fifos"; writable+=("$R$fifos"); fi ;;
esac
cwd=\${RUNBOOK_REHEARSAL_CWD:-/tmp}
case "$cwd" in /*) ;; *) cwd=/tmp ;; esac
case "$cwd/" in */../*|*/./*) cwd=/tmp ;; esac
case "$cwd" in
  /tmp/*) mkdir -p "$R$cwd" 2>/dev/null || true ;;
  /|/usr|/usr/*|/etc|/etc/*|/tmp|/proc|/proc/*|/dev|/dev/*|/.rb|/.rb/*) ;;
  *) { mkdir -p "$R$cwd" && mount --bind "$S/cwd" "$R$cwd"; } 2>/dev/null && writable+=("$R$cwd") ;;
esac
# Every mount of the new root read-only, each on its own (a recursive bind's read-only remount
# covers its top mount only), but the writable folders above and the device nodes.
while read -r _ _ _ _ point options _; do
  printf -v point '%b' "$point"
  case "$point" in "$R"|"$R"/*) ;; *) continue ;; esac
  case "$point" in "$R"/dev/?*) continue ;; esac
  case ",$options," in *,ro,*) continue ;; esac
  keep=
  for w in "\${writable[@]}"; do case "$point" in "$w"|"$w"/*) keep=1 ;; esac; done
  [ -n "$keep" ] || mount -o remount,bind,ro "$point"
done < /proc/self/mountinfo
cd "$R"
pivot_root . .old
cd /
/.old${tools.umount} -l /.old
export PATH="$given_path" BASH_ENV=${INSIDE.preamble}
exec /.rb/bin/setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- /.rb/bin/bash "$@"
`;
}
