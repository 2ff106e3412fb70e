/**
 * How the shell server is started: its program (`bash-server.sh`, inlined as text by the build
 * and by vitest) and its arguments.
 */
import program from './bash-server.sh';
import { FATAL_SIGNAL_TRAPS } from '../terminate/stop-command.js';
import { PIPE_STATUS_FUNCTION } from '../pipe-status.js';
import { NO_STARTUP_FILES } from '../spawn/bash-wrapper.js';

/** `bash` arguments for a server whose FIFOs are in `dir`, whose steps' cgroups are in `cgroup` ('' for none), and whose steps read `stdin`. */
export function serverArguments(dir: string, cgroup: string, stdin = '/dev/null'): string[] {
  return [...NO_STARTUP_FILES, '-c', program, 'runbook-shell', dir, FATAL_SIGNAL_TRAPS, cgroup, PIPE_STATUS_FUNCTION, stdin];
}
