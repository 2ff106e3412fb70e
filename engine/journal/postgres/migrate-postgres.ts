import type pg from 'pg';

/**
 * The journal's schema, versioned: migration N takes the database from version N-1 to N.
 * Applied by `runbook` itself on first contact, in one transaction under an advisory lock
 * (two runners meeting an empty database do not both create it). Never edit a migration
 * that has shipped; add one.
 */
export const MIGRATIONS: string[] = [
  `CREATE TABLE runbook_runs (
     run_id text PRIMARY KEY,
     incident text NOT NULL,
     resumed_from text,
     runbook text NOT NULL,
     title text NOT NULL DEFAULT '',
     mode text NOT NULL,
     scenario text,
     user_name text,
     host text,
     alert jsonb,
     started timestamptz NOT NULL,
     finished timestamptz,
     outcome text,
     current_step text
   );
   CREATE INDEX runbook_runs_incident ON runbook_runs (incident);
   CREATE INDEX runbook_runs_started ON runbook_runs (started DESC);
   CREATE TABLE runbook_events (
     run_id text NOT NULL REFERENCES runbook_runs ON DELETE CASCADE,
     seq integer NOT NULL,
     event jsonb NOT NULL,
     PRIMARY KEY (run_id, seq)
   );
   CREATE TABLE runbook_locks (
     incident text PRIMARY KEY,
     run_id text NOT NULL,
     user_name text NOT NULL,
     host text NOT NULL,
     pid integer NOT NULL,
     backend_pid integer NOT NULL,
     since timestamptz NOT NULL
   );`,
];

/** Advisory lock key (class) of runbook's schema migration and run locks. */
export const LOCK_CLASS = 0x52424b;

/** Creates or migrates the schema to the latest version; returns it. */
export async function migratePostgres(client: pg.Client): Promise<number> {
  const current = await schemaVersion(client);
  if (current === MIGRATIONS.length) return current;
  if (current > MIGRATIONS.length) {
    throw new Error(`the journal database has schema version ${current}, newer than this runbook knows (${MIGRATIONS.length}): upgrade runbook`);
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS]);
    await client.query('CREATE TABLE IF NOT EXISTS runbook_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM runbook_schema');
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO runbook_schema VALUES (0)');
    for (; version < MIGRATIONS.length; version++) await client.query(MIGRATIONS[version]!);
    await client.query('UPDATE runbook_schema SET version = $1', [version]);
    await client.query('COMMIT');
    return version;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function schemaVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('runbook_schema') IS NOT NULL AS exists");
  if (!rows[0]?.exists) return 0;
  const version = await client.query<{ version: number }>('SELECT version FROM runbook_schema');
  return version.rows[0]?.version ?? 0;
}
