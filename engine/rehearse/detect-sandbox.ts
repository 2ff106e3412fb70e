import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './find-executable.js';

/** This machine cannot rehearse (a tool missing, namespaces asked for and unusable, a sandbox that could not be set up): nothing ran. */
export class RehearsalUnavailable extends Error {
  override name = 'RehearsalUnavailable';
}

/** The host tools the namespace sandbox needs, by absolute path. */
export interface SandboxTools {
  unshare: string;
  mount: string;
  umount: string;
  pivotRoot: string;
  setpriv: string;
  bash: string;
}

export type SandboxSupport = { available: true; tools: SandboxTools } | { available: false; reason: string };

let detected: Promise<SandboxSupport> | undefined;

/**
 * Whether rehearsals can run inside Linux namespaces (user, mount, network, PID): the tools
 * exist and an unprivileged `unshare` can mount a tmpfs. Detected once per process.
 */
export function detectSandbox(): Promise<SandboxSupport> {
  detected ??= probe();
  return detected;
}

async function probe(): Promise<SandboxSupport> {
  if (process.platform !== 'linux') return { available: false, reason: `namespaces are Linux-only (this is ${process.platform})` };
  const names = { unshare: 'unshare', mount: 'mount', umount: 'umount', pivotRoot: 'pivot_root', setpriv: 'setpriv', bash: 'bash' } as const;
  const tools: Partial<SandboxTools> = {};
  for (const [key, name] of Object.entries(names) as [keyof SandboxTools, string][]) {
    const path = findExecutable(name);
    if (!path) return { available: false, reason: `\`${name}\` (util-linux) was not found` };
    tools[key] = path;
  }
  const dir = mkdtempSync(join(tmpdir(), 'runbook-probe-'));
  try {
    const args = ['--user', '--map-root-user', '--mount', '--net', '--pid', '--fork', '--kill-child', tools.mount!, '-t', 'tmpfs', 'probe', dir];
    const ok = await new Promise<string | undefined>((resolve) => {
      execFile(tools.unshare!, args, { timeout: 5000 }, (error, _stdout, stderr) => resolve(error ? stderr.trim() || error.message : undefined));
    });
    if (ok !== undefined) return { available: false, reason: `unprivileged namespaces are not usable here (${ok})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { available: true, tools: tools as SandboxTools };
}
