/**
 * What Node and the shell server say to each other: NUL-terminated fields both ways.
 *
 * Requests (stdin, read by the subshell forked ahead): `R nonce index s|'' join p|'' cwd command
 * N ops…`: `s` asks for the session state, `join` is the `cgroup.procs` file the subshell moves
 * itself to ('' for none), `p` runs the command under `set -o pipefail`, and the `ops` make the
 * server's environment into the command's (`+NAME=value` exports, `-NAME` unsets); then `G` (go:
 * the journal is on disk) or `N` (refused: exit without running).
 *
 * Replies (fd 3): `S pid` (a subshell has read its request and joined its cgroup: it
 * may be signalled from now on), `E -` (its EXIT trap began writing
 * the state), `D status` (the trap's last word: the step ends here), `X status` (the server
 * reaped a subshell; after a `D` it is not news). Only one process writes replies at a time.
 */
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';

export type Reply = { kind: 'S'; pid: number } | { kind: 'E' } | { kind: 'D'; status: number } | { kind: 'X'; status: number };

/** Names bash will not take as plain exported variables (or that change the shell itself). */
const SPECIAL = new Set(
  'BASHOPTS SHELLOPTS BASH_VERSINFO EUID UID PPID BASHPID BASH_ARGV0 BASH_ARGC BASH_ARGV RANDOM SRANDOM SECONDS EPOCHSECONDS EPOCHREALTIME LINENO HISTCMD FUNCNAME GROUPS DIRSTACK BASH_COMMAND BASH_SUBSHELL BASH_LINENO BASH_SOURCE BASH_REMATCH BASH_ALIASES BASH_CMDS COMP_WORDBREAKS IFS POSIXLY_CORRECT BASH_ENV ENV BASH_XTRACEFD BASH_COMPAT OPTIND OPTARG OPTERR PIPESTATUS'.split(' '),
);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The request's fields as written to the server's stdin. */
export function encodeFields(fields: string[]): string {
  return fields.map((field) => `${field}\0`).join('');
}

/**
 * Whether a server holding `base` (undefined: none running yet) can run `request`: not an
 * interactive one, no NUL in what goes through the protocol, and no name a running bash cannot
 * take as it is (a fresh bash gets those from its environment).
 */
export function serverCanTake(request: ExecRequest, base: Record<string, string> | undefined): boolean {
  if (request.interactive) return false;
  // The protocol separates fields with NUL: text holding one goes the ordinary way (and fails there).
  if (request.command.includes('\0') || request.cwd.includes('\0')) return false;
  for (const name in request.env) if (name.includes('\0') || request.env[name]!.includes('\0')) return false;
  if (!base) return true;
  for (const name in request.env) {
    if (base[name] !== request.env[name] && (!IDENTIFIER.test(name) || SPECIAL.has(name) || name.startsWith('BASH_FUNC_'))) return false;
  }
  for (const name in base) if (!Object.hasOwn(request.env, name) && (!IDENTIFIER.test(name) || SPECIAL.has(name))) return false;
  return true;
}

/** The changes that make `from` (what a server holds) into `to`: `-NAME` unsets, `+NAME=value` exports. */
export function envChanges(from: Record<string, string>, to: Record<string, string>): string[] {
  const ops: string[] = [];
  for (const name in from) if (!Object.hasOwn(to, name)) ops.push(`-${name}`);
  for (const name in to) if (from[name] !== to[name]) ops.push(`+${name}=${to[name]}`);
  return ops;
}

/** Splits the reply stream (latin1 text, any chunking) into replies. */
export function createReplyReader(onReply: (reply: Reply) => void): (chunk: string) => void {
  let pending = '';
  let fields: string[] = [];
  return (chunk) => {
    pending += chunk;
    let zero = pending.indexOf('\0');
    while (zero !== -1) {
      fields.push(pending.slice(0, zero));
      pending = pending.slice(zero + 1);
      zero = pending.indexOf('\0');
      const reply = parseReply(fields);
      if (reply) {
        fields = [];
        onReply(reply);
      }
    }
  };
}

function parseReply(fields: string[]): Reply | undefined {
  const [kind] = fields;
  if (!(kind === 'S' || kind === 'X' || kind === 'E' || kind === 'D')) {
    fields.length = 0; // resynchronise
    return undefined;
  }
  if (fields.length !== 2) return undefined;
  const value = Number(fields[1]);
  return kind === 'E' ? { kind } : kind === 'S' ? { kind, pid: value } : { kind, status: value };
}

/** The state after a command that could not change it: as it was, `PWD` as bash keeps it. */
export function unchangedState(request: ExecRequest): ExecResponse['state'] {
  return { env: 'PWD' in request.env ? { ...request.env, PWD: request.cwd } : request.env, cwd: request.cwd };
}
