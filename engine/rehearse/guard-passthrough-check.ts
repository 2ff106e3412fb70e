import type { VFile } from 'vfile';
import type { Position } from 'unist';
import { reportProblem } from '../graph/report-problem.js';
import type { YamlPath } from '../parse/types.js';
import { REFUSED_PASSTHROUGH } from './guard-held-tools.js';

/**
 * Passthrough tools that can write files, run programs or change the machine, and that guard
 * mode does not hold (it holds awk, sed, sort, uniq and date to their reading forms, and refuses
 * `tar`, `split` and the like whole: `guard-held-tools.ts`). Name → what it can do. Tools that
 * change files or processes outright (`tee`, `cp`, `rm`…) are not allowed as passthrough at
 * all (`unsafe-passthrough.ts`). A tool named in neither list is trusted to read only.
 */
export const UNHELD_WRITERS: ReadonlyMap<string, string> = new Map([
  ['yq', 'edits files in place (-i)'],
  ['xmlstarlet', 'edits files in place (ed -L)'],
  ['mlr', 'edits files in place (-I) and runs programs (system, exec)'],
  ['sqlite3', 'writes database files and runs programs (.shell, .system)'],
  ['m4', 'runs programs (syscmd, esyscmd)'],
  ['dc', 'runs programs (!)'],
  ['ed', 'writes files and runs programs (w, !)'],
  ['ex', 'writes files and runs programs (w, !)'],
  ['openssl', 'writes files (-out)'],
  ['gpg', 'writes files and its keyring'],
  ['logger', 'writes to the system log'],
  ['wall', 'writes to every terminal'],
  ['crontab', 'changes scheduled jobs'],
  ['at', 'schedules programs'],
  ['sysctl', 'changes kernel settings (-w)'],
  ['ip', 'changes the network configuration'],
  ['iptables', 'changes the firewall'],
  ['nft', 'changes the firewall'],
  ['tc', 'changes traffic control'],
  ['dmesg', 'clears the kernel ring buffer (-c)'],
  ['journalctl', 'rotates and removes journal files (--rotate, --vacuum-*)'],
  ['renice', 'changes the priority of real processes'],
  ['fallocate', 'writes files'],
  ['sync', 'flushes file systems'],
]);

type Place = (path: YamlPath, part?: 'key' | 'value') => Position;

/**
 * `check` warns (not an error: with namespaces the tool cannot reach anything real) about a
 * passthrough tool that can write or run programs where guard mode cannot hold it, and about
 * one that guard mode refuses whole (a step that uses it fails in a rehearsal without namespaces).
 */
export function warnWritingPassthrough(file: VFile, place: Place, passthrough: string[]): void {
  passthrough.forEach((name, index) => {
    const why = UNHELD_WRITERS.get(name);
    if (why) {
      reportProblem(
        file,
        `Passthrough \`${name}\` ${why}: a rehearsal without namespaces (guard mode) cannot hold it, so a step could change the real system; simulate it with rules instead`,
        place(['passthrough', index]),
        'scenario-passthrough-writes',
        { fatal: false },
      );
    } else if (REFUSED_PASSTHROUGH.has(name)) {
      reportProblem(
        file,
        `Passthrough \`${name}\` can write files: a rehearsal without namespaces (guard mode) refuses every use of it, so a step that runs it fails there; simulate it with rules instead`,
        place(['passthrough', index]),
        'scenario-passthrough-writes',
        { fatal: false },
      );
    }
  });
}

