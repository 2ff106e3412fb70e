import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, cliPath } from './cli-helpers.js';
import { tempDir } from '../helpers-temp.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

interface Trace {
  /** Commands started (the shell server's go, or a bash spawned for one command). */
  starts: number;
  /** Commands that started while a step boundary written to the journal was not yet fsynced. */
  startedUnsynced: number;
  fsyncs: number;
}

/**
 * strace -f splits a call that another process's output interrupts: `openat(… <unfinished ...>`,
 * then later `<... openat resumed>) = 5`. Joined here into one line, at the place of the end
 * (where the kernel returned), so the journal's open and fsyncs are read however they interleave.
 */
function joinResumed(lines: string[]): string[] {
  const pending = new Map<string, string>();
  const joined: string[] = [];
  for (const line of lines) {
    const pid = line.split(' ')[0]!;
    const unfinished = / <unfinished \.\.\.>$/.exec(line);
    if (unfinished) {
      pending.set(pid, line.slice(0, unfinished.index));
      continue;
    }
    const resumed = /^\S+\s+<\.\.\. \w+ resumed>(.*)$/.exec(line);
    const start = pending.get(pid);
    if (resumed && start !== undefined) {
      pending.delete(pid);
      joined.push(start + resumed[1]);
    } else {
      joined.push(line);
    }
  }
  return joined;
}

/**
 * Reads an `strace -f` log of `runbook run`: the journal's fd (opened by the main thread),
 * its writes and fsyncs, and each command's start, in the order the kernel saw them.
 */
function readTrace(log: string, server: boolean): Trace {
  const lines = joinResumed(log.split('\n').filter(Boolean));
  const main = lines[0]!.split(' ')[0];
  let journalFd: string | undefined;
  let boundaryUnsynced = false;
  const trace: Trace = { starts: 0, startedUnsynced: 0, fsyncs: 0 };
  const started = (): void => {
    trace.starts += 1;
    if (boundaryUnsynced) trace.startedUnsynced += 1;
  };
  for (const line of lines) {
    const [pid, ...rest] = line.split(' ');
    const call = rest.join(' ').trim();
    if (pid === main) {
      // A call joined from `<unfinished ...>` keeps strace's column padding before its `=`.
      const opened = /^openat\(.*\.jsonl(\.new)?", .*\)\s+= (\d+)/.exec(call);
      if (opened) journalFd = opened[2];
      if (journalFd && call.startsWith(`write(${journalFd}, "{\\"type\\":\\"`) && /"(run-started|step-finished)\\"/.test(call)) boundaryUnsynced = true;
      if (journalFd && (/^fsync\((\d+)\)\s+= 0/.exec(call)?.[1] === journalFd || (call.includes('<... fsync resumed>') && / = 0$/.test(call)))) {
        trace.fsyncs += 1;
        boundaryUnsynced = false;
      }
      // The go alone (after the request, the journal synced between), or sent with the request.
      if (server && /^write\(\d+, "(R\\0.*)?G\\0", \d+[ )]/.test(call)) started();
    }
    // The wrapper (bash-wrapper.ts) moves its fd 3 away early in its program; bash's options
    // (`--norc`…) come before its `-c`.
    if (!server && /^execve\("[^"]*bash", \["[^"]*bash", (?:"--?[a-z]+", )*"-c", ".*?exec \{__runbook_fd\}>&3/.test(call)) started();
  }
  return trace;
}

describe.skipIf(!hasStrace)('the journal is on disk before each command starts (strace)', () => {
  it.each([
    ['the shell server (fsync overlapping the subshell preparing)', true],
    ['a new bash per command', false],
  ])('%s', (_, server) => {
    const dir = tempDir('runbook-durability-');
    const steps = Array.from({ length: 6 }, (_, i) => `## Step ${i + 1}\n\n\`\`\`bash\necho step ${i + 1}\n\`\`\`\n`).join('\n');
    const settings = server ? '' : '---\nrunbook:\n  shell: /bin/bash\n---\n\n';
    writeFileSync(join(dir, 'six.md'), `${settings}# Six steps\n\n${steps}`);
    const log = join(dir, 'strace.log');
    const result = spawnSync(
      'strace',
      ['-f', '-s', '4096', '-e', 'trace=openat,write,fsync,execve', '-o', log, process.execPath, cliPath(), 'run', join(dir, 'six.md'), '--yes', '--journal', join(dir, 'journal')],
      { encoding: 'utf8', env: cliEnv(), timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const trace = readTrace(readFileSync(log, 'utf8'), server);
    expect(trace.starts).toBe(6);
    expect(trace.startedUnsynced).toBe(0);
    // One fsync per step boundary at least: the run's start, each step's end.
    expect(trace.fsyncs).toBeGreaterThanOrEqual(7);
  });
});

describe('reading the strace log', () => {
  it('finds the journal opened by a call another process interrupted (joined with strace’s padding)', () => {
    const log = [
      '100 execve("/usr/bin/node", ["/usr/bin/node", "runbook.js"], 0x0 /* 1 vars */) = 0',
      '100 openat(AT_FDCWD, "/tmp/j/run.jsonl.new", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0600 <unfinished ...>',
      '101 openat(AT_FDCWD, "/usr/lib/locale/C.utf8/LC_CTYPE", O_RDONLY|O_CLOEXEC <unfinished ...>',
      '100 <... openat resumed>)             = 19',
      '101 <... openat resumed>)             = 3',
      '100 write(19, "{\\"type\\":\\"run-started\\",\\"runId\\":\\"r\\"}\\n", 33) = 33',
      '100 fsync(19)                         = 0',
      '100 write(7, "G\\0", 2)               = 2',
    ].join('\n');
    expect(readTrace(log, true)).toEqual({ starts: 1, startedUnsynced: 0, fsyncs: 1 });
  });
});
