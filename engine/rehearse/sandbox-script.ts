import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { shellQuote } from '../shell/quote.js';
import type { SandboxTools } from './detect-sandbox.js';
import { buildSandboxRoot, type SandboxRoot } from './sandbox-root.js';

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

/** A step's directory as the sandbox sees it: normalized, without a trailing slash. */
export function insidePath(cwd: string): string {
  return posix.normalize(cwd).replace(/(.)\/$/, '$1');
}

/**
 * The folder Node fills for the sandbox (\`.rb\` inside): copies of bash, setpriv and the
 * passthrough tools, and the preamble; one read-only bind instead of one per file. Then the new
 * root, laid out on the host, and its mounts (\`mounts.fstab\`); \`cwd\` is the directory the
 * rehearsal starts in, as the steps see it.
 */
export function fillSandboxFolder(layout: SandboxLayout, preamble: string, cwd: string): SandboxRoot {
  const rb = join(layout.scratch, 'rb');
  for (const dir of ['bin', 'pass', 'run']) mkdirSync(join(rb, dir), { recursive: true, mode: 0o755 });
  copyFileSync(layout.tools.bash, join(rb, 'bin', 'bash'));
  copyFileSync(layout.tools.setpriv, join(rb, 'bin', 'setpriv'));
  for (const [name, path] of Object.entries(layout.passthrough)) copyFileSync(path, join(rb, 'pass', name));
  writeFileSync(join(rb, 'preamble.sh'), preamble);
  const root = buildSandboxRoot(layout.scratch, cwd);
  writeFileSync(join(layout.scratch, 'mounts.fstab'), root.fstab);
  return root;
}

/**
 * The script \`unshare\` runs, once per rehearsal, as root of a fresh user namespace (with new
 * mount, network and PID namespaces) before the rehearsal's shell server. It mounts the new root
 * Node laid out (\`sandbox-root.ts\`: read-only views of /usr and /etc, an empty read-only tmpfs
 * over every directory of programs, the private /tmp, the world channel, the devices, the
 * working directory) with one \`mount --all\`, adding the server's FIFO directory (its argument
 * after \`runbook-shell\`, made by Node when the server starts). The FIFO directory and
 * \`root.writable\` are the only host folders mounted writable. It then makes every other mount
 * read-only, each on its own (a recursive bind's read-only remount covers its top mount only: a
 * bind sub-mount such as Docker's /etc/hosts is remounted on its own), with a second
 * \`mount --all\`; pivots into the new root, detaches the old one and runs bash with every
 * capability dropped (so nothing can be remounted writable). Its arguments are the server's bash
 * arguments. \`layout.scratch\` must be a real path, as for \`buildSandboxRoot\`.
 */
export function sandboxScript(layout: SandboxLayout, root: SandboxRoot): string {
  const { scratch, tools } = layout;
  return `set -eu
# What goes wrong before the server starts is read by Node from setup.log (the server's own
# stderr goes nowhere).
S=${shellQuote(scratch)}
exec {stderr}>&2 2>"$S/setup.log"
given_path=$PATH
PATH=/usr/sbin:/usr/bin:/sbin:/bin
R="$S/root"
# The server's host pid, for Node to stop steps by (this shell becomes the server: exec).
read -r hostpid _ < /proc/self/stat; printf '%s\\n' "$hostpid" > "$S/server.pid"
fifos=; prev=
for a; do [ "$prev" = runbook-shell ] && fifos=$a; prev=$a; done
writable=(${root.writable.map((path) => shellQuote(path)).join(' ')})
# fstab(5) escapes for a path: backslash, space, tab, newline.
escape() { local t=$1; t=\${t//'\\'/'\\134'}; t=\${t//' '/'\\040'}; t=\${t//$'\\t'/'\\011'}; t=\${t//$'\\n'/'\\012'}; printf -v "$2" '%s' "$t"; }
mapfile -t lines < "$S/mounts.fstab"
# The shell server's FIFOs (a private folder of the server's, made by Node) at the same path.
case "$fifos" in
  */runbook-shell-*) if [ -d "$fifos" ] && [ ! -L "$fifos" ]; then
    escape "$fifos" from; escape "$R$fifos" to
    lines+=("$from $to none bind,X-mount.mkdir 0 0"); writable+=("$R$fifos")
  fi ;;
esac
printf '%s\\n' "\${lines[@]}" > "$S/mounts-$hostpid.fstab"
mount --all --no-mtab --fstab "$S/mounts-$hostpid.fstab"
# Every mount of the new root read-only, each on its own, but the writable folders above and
# the device nodes: \`lines\` gets a remount line (mountinfo escapes a path as fstab does) for
# each one still writable.
still_writable() {
  local point options real keep w
  lines=()
  while read -r _ _ _ _ point options _; do
    # The kernel writes space, tab, newline and backslash as three octal digits (\\040): not
    # printf's %b, which takes up to three digits after \\0 (\\0407 would be one character).
    real=\${point//'\\040'/ }; real=\${real//'\\011'/$'\\t'}; real=\${real//'\\012'/$'\\n'}; real=\${real//'\\134'/'\\'}
    case "$real" in "$R"|"$R"/*) ;; *) continue ;; esac
    case "$real" in "$R"/dev/?*) continue ;; esac
    case ",$options," in *,ro,*) continue ;; esac
    keep=
    for w in "\${writable[@]}"; do case "$real" in "$w"|"$w"/*) keep=1 ;; esac; done
    [ -n "$keep" ] || lines+=("none $point none remount,bind,ro 0 0")
  done < /proc/self/mountinfo
}
still_writable
# The root itself is among them: none found means the paths were misread, and all would stay writable.
[ \${#lines[@]} -gt 0 ] || { printf 'runbook sandbox: no mount under %s to make read-only\\n' "$R" >&2; exit 1; }
printf '%s\\n' "\${lines[@]}" > "$S/remounts-$hostpid.fstab"
mount --all --no-mtab --fstab "$S/remounts-$hostpid.fstab"
still_writable
[ \${#lines[@]} -eq 0 ] || { printf 'runbook sandbox: still writable: %s\\n' "\${lines[@]}" >&2; exit 1; }
cd "$R"
pivot_root . .old
cd /
/.old${tools.umount} -l /.old
exec 2>&"$stderr" {stderr}>&-
export PATH="$given_path" BASH_ENV=${INSIDE.preamble}
exec /.rb/bin/setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- /.rb/bin/bash "$@"
`;
}
