import pg from 'pg';
import { JournalError } from '../journal-error.js';

/** The URL without its password, for messages and `runs`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '•••';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':•••@');
  }
}

/**
 * A connection to the journal's database. Connection errors become `JournalError`s that say
 * what is wrong in words (refused, unknown host, bad password, no such database, no rights),
 * never with the password. A connection lost later is reported through `onLost`.
 */
export async function connectPostgres(url: string, onLost?: (error: JournalError) => void, options: { hold?: boolean } = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'runbook', connectionTimeoutMillis: 10_000 });
  client.on('error', (error) => onLost?.(postgresError(error, 'writing', url)));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw postgresError(error, 'connecting to', url);
  }
  if (!options.hold) holdWhileBusy(client);
  return client;
}

/**
 * The connection keeps the process alive only while a query is in flight: a command that
 * returns (or fails) with a connection still open exits instead of hanging on it.
 */
function holdWhileBusy(client: pg.Client): void {
  const stream = (client as unknown as { connection?: { stream?: { ref?(): void; unref?(): void } } }).connection?.stream;
  if (!stream?.unref || !stream.ref) return;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let active = 0;
  const done = (): void => {
    active -= 1;
    if (active === 0) stream.unref!();
  };
  client.query = ((...args: unknown[]) => {
    active += 1;
    stream.ref!();
    const result = query(...args);
    result.then(done, done);
    return result;
  }) as typeof client.query;
  const end = client.end.bind(client) as () => Promise<void>;
  client.end = (() => {
    stream.ref!();
    return end();
  }) as typeof client.end;
  stream.unref();
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'the database refused the connection (is it up?)',
  ENOTFOUND: 'unknown database host',
  ETIMEDOUT: 'the database did not answer in time',
  ECONNRESET: 'the connection to the database was lost',
  EPIPE: 'the connection to the database was lost',
  '28P01': 'the database refused the password',
  '28000': 'the database refused this user',
  '3D000': 'no such database',
  '42501': 'the database user lacks the rights runbook needs (see docs/journal-postgres.md)',
  '57P01': 'the database was shut down',
  '57P02': 'the database was shut down',
  '57P03': 'the database is starting up or shutting down',
};

/** `journal: the database refused the connection (is it up?) connecting to postgres://…`. */
export function postgresError(error: unknown, action: string, url: string): JournalError {
  if (error instanceof JournalError) return error;
  const code = (error as { code?: string } | undefined)?.code;
  const text = error instanceof Error ? error.message : String(error);
  const lost = /Connection terminated|connection.*(closed|ended)|Client was closed|not queryable/i.test(text);
  const reason = (code && REASONS[code]) ?? (lost ? 'the connection to the database was lost' : text);
  const detail = code === '42501' ? ` (${text})` : '';
  return new JournalError(`journal: ${reason}${detail} ${action} ${redactUrl(url)}`, redactUrl(url), code ?? (lost ? 'ECONNRESET' : undefined));
}
