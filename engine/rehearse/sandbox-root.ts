/**
 * The rehearsal sandbox's new root, laid out by Node on the host before the sandbox starts: its
 * folders, links and device placeholders are made here, and every mount it needs is written as
 * one fstab, which the sandbox script mounts with a single `mount --all` (one process instead
 * of one `mount`, `mkdir`, `ln` or `readlink` per entry).
 */
import { lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Top-level host folders that are links on a merged-/usr system (`bin → usr/bin`), folders on others. */
const TOP = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];
/** Folders of programs, each covered by an empty read-only tmpfs: no real program can be run by any path. */
const PROGRAM_DIRS = ['usr/bin', 'usr/sbin', 'usr/local/bin', 'usr/local/sbin', 'usr/games', 'usr/local/games', 'usr/libexec', 'bin', 'sbin'];
/** The only devices there are, bound from the host. */
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom'];
const FD_LINKS: Record<string, string> = { fd: '/proc/self/fd', stdin: '/proc/self/fd/0', stdout: '/proc/self/fd/1', stderr: '/proc/self/fd/2' };
/** Folders of the new root itself: a working directory under one of them gets no private folder. */
const OWN = new Set(['usr', 'etc', 'proc', 'dev', 'tmp', '.rb', '.old', ...TOP]);

export interface SandboxRoot {
  /** Mounts in order, as fstab lines (paths escaped as fstab wants them). */
  fstab: string;
  /** Mount points that stay writable when the rest of the root is made read-only. */
  writable: string[];
}

type Mount = [source: string, target: string, type: string, options: string];

/**
 * Lays out `scratch/root` and returns its mounts. `scratch` must be a real path (no symbolic
 * link in it): the kernel lists mounts by real paths, and the script compares against these.
 * `cwd` is the directory the rehearsal starts in, as the steps see it.
 */
export function buildSandboxRoot(scratch: string, cwd: string): SandboxRoot {
  const root = join(scratch, 'root');
  const mounts: Mount[] = [[root, root, 'none', 'bind']];
  for (const dir of ['usr', 'etc', 'proc', 'dev', 'tmp', '.rb', '.old']) mkdirSync(join(root, dir), { recursive: true, mode: 0o755 });
  for (const top of TOP) {
    const kind = hostKind(`/${top}`);
    if (kind === 'link') symlinkSync(readlinkSync(`/${top}`), join(root, top));
    else if (kind === 'dir') {
      mkdirSync(join(root, top), { recursive: true });
      mounts.push([`/${top}`, join(root, top), 'none', 'rbind']);
    }
  }
  mounts.push(['/usr', join(root, 'usr'), 'none', 'rbind'], ['/etc', join(root, 'etc'), 'none', 'rbind']);
  for (const dir of PROGRAM_DIRS) {
    if (hostKind(`/${dir}`) === 'dir') mounts.push(['none', join(root, dir), 'tmpfs', 'ro,size=4k,mode=755']);
  }
  // bash, setpriv, the passthrough tools and the preamble: copies Node made, in one folder.
  mounts.push([join(scratch, 'rb'), join(root, '.rb'), 'none', 'bind'], [join(scratch, 'run'), join(root, '.rb', 'run'), 'none', 'bind']);
  mounts.push([join(scratch, 'tmp'), join(root, 'tmp'), 'none', 'bind'], ['proc', join(root, 'proc'), 'proc', 'defaults']);
  for (const device of DEVICES) {
    writeFileSync(join(root, 'dev', device), '');
    mounts.push([`/dev/${device}`, join(root, 'dev', device), 'none', 'bind']);
  }
  for (const [name, target] of Object.entries(FD_LINKS)) symlinkSync(target, join(root, 'dev', name));
  const writable = [join(root, 'tmp'), join(root, '.rb', 'run'), join(root, 'proc')];
  const own = privateCwd(scratch, cwd);
  if (own) {
    mounts.push(own);
    writable.push(own[1]);
  }
  return { fstab: mounts.map((mount) => `${mount.map(fstabField).join(' ')} 0 0\n`).join(''), writable };
}

/**
 * The run's directory inside the sandbox: under /tmp, a folder made in the scratch /tmp; elsewhere
 * (but under the root's own folders), a private empty folder mounted at the same path, so `cd`
 * and `pwd` behave and the real folder is never touched. A directory that cannot be made, or
 * one written with `.` or `..`, gets nothing: the steps start in /tmp.
 */
function privateCwd(scratch: string, cwd: string): Mount | undefined {
  // Normalized, an absolute path has no `.` or `..` left.
  if (!cwd.startsWith('/') || posix.normalize(cwd) !== cwd) return undefined;
  const [first = '', ...rest] = cwd.split('/').slice(1);
  try {
    if (first === 'tmp') {
      if (rest.length > 0) mkdirSync(join(scratch, 'tmp', ...rest), { recursive: true });
      return undefined;
    }
    if (first === '' || OWN.has(first)) return undefined;
    mkdirSync(join(scratch, 'root', cwd), { recursive: true });
  } catch {
    return undefined;
  }
  return [join(scratch, 'cwd'), join(scratch, 'root', cwd), 'none', 'bind'];
}

/** `link`, `dir` or undefined (absent, or anything else) for a host path. */
function hostKind(path: string): 'link' | 'dir' | undefined {
  try {
    if (lstatSync(path).isSymbolicLink()) return 'link';
    return statSync(path).isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
}

/** A field of an fstab line: space, tab, newline and backslash as octal escapes (fstab(5)). */
export function fstabField(text: string): string {
  return text.replace(/[\\ \t\n]/g, (char) => `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`);
}
