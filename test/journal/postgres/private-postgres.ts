/**
 * A private PostgreSQL server for tests: initdb on a temporary directory (as the `postgres`
 * user when we are root: initdb refuses root), listening on 127.0.0.1 at a free port, stopped
 * and removed by `stop()`. `findPostgres()` says why there is none (the tests are then skipped).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:PORT/runbook`. */
  url: string;
  port: number;
  /** Runs SQL as the superuser (psql). */
  sql(text: string, database?: string): string;
  /** Stops the server (fast shutdown): clients lose their connections. */
  halt(): void;
  start(): void;
  stop(): void;
}

/** The directory of initdb/pg_ctl/psql, or a reason there is none. */
export function findPostgres(): { bin: string } | { missing: string } {
  const candidates = [process.env.PG_BIN, ...listVersions().map((version) => `/usr/lib/postgresql/${version}/bin`), '/usr/local/bin', '/usr/bin'];
  for (const bin of candidates) if (bin && existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return { bin };
  return { missing: 'no PostgreSQL server found (initdb, pg_ctl): `apt-get install -y postgresql` (.ci/run does), or set PG_BIN' };
}

function listVersions(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql').sort().reverse();
  } catch {
    return [];
  }
}

export async function startPostgres(bin: string): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pg-'));
  const root = userInfo().uid === 0;
  if (root) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const as = (command: string, args: string[]) => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];
  const run = (command: string, args: string[]) => {
    const [file, argv] = as(join(bin, command), args);
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on -c max_connections=50`;
  const server = {
    url: `postgres://postgres@127.0.0.1:${port}/runbook`,
    port,
    sql(text: string, database = 'runbook') {
      const [file, argv] = as(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', text]);
      return execFileSync(file, argv, { encoding: 'utf8' });
    },
    start() {
      run('pg_ctl', ['-D', data, '-o', options, '-w', '-l', join(dir, 'log'), 'start']);
    },
    halt() {
      spawnSync(...as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']));
    },
    stop() {
      server.halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  server.sql('CREATE DATABASE runbook', 'postgres');
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
