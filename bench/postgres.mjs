// Bench rows for the shared journal (issue 18): a private PostgreSQL started like the tests'
// (test/journal/postgres/private-postgres.ts), `follow`'s delay from an event's commit to its
// display, and the events per second one PostgreSQL takes for the journal's write.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;

/** The directory of initdb/pg_ctl/psql, or why there is none. */
export function findPostgres() {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  for (const bin of [process.env.PG_BIN, ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`), '/usr/local/bin', '/usr/bin']) {
    if (bin && existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return { bin };
  }
  return { missing: 'no PostgreSQL server found (initdb, pg_ctl): `apt-get install -y postgresql`, or set PG_BIN' };
}

/** A private server on 127.0.0.1 (fsync on), database `runbook`; `stop()` stops it and removes its directory. */
export async function startPostgres(bin) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  const as = (command, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args]);
  const data = join(dir, 'data');
  execFileSync(...as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']), { stdio: 'ignore' });
  execFileSync(...as('pg_ctl', ['-D', data, '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on -c max_connections=100`, '-w', '-l', join(dir, 'log'), 'start']), { stdio: 'ignore' });
  const stop = () => {
    spawnSync(...as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE runbook');
    await admin.end();
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/runbook`, stop };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];

/**
 * `follow`'s delay from an event's commit to its display: a run of `steps` steps, each printing
 * `mark-N` a little after the last; the bench hears each commit itself (PostgreSQL: LISTEN, the
 * same NOTIFY the follower waits for; files: an inotify watch of the journal directory, reading
 * the appended lines) and times each mark from there to the follower's stdout. The first step
 * waits on a FIFO until the follower has shown it, so only live events are timed.
 */
export async function followDelay({ cli, work, store, url, steps = 40 }) {
  const dir = mkdtempSync(join(work, `follow-${store}-`));
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const runbook = join(dir, 'marks.md');
  const step = (i, body) => `## Step ${i}\n\n\`\`\`bash\n${body}\n\`\`\`\n`;
  writeFileSync(runbook, `# Marks\n\n${step(0, `read line < ${fifo}`)}\n${Array.from({ length: steps }, (_, i) => step(i + 1, `sleep 0.05; echo mark-${i + 1}`)).join('\n')}`);
  const journal = store === 'postgres' ? url : join(dir, 'journal');
  const env = { ...process.env, NO_COLOR: '1', SHLVL: '1' };
  const committed = new Map();
  const shown = new Map();
  let stopHearing = () => {};
  let client;
  if (store === 'postgres') {
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('LISTEN runbook_events');
    const heard = [];
    client.on('notification', (message) => heard.push({ at: performance.now(), payload: message.payload }));
    stopHearing = async () => {
      // Each mark's commit: the first NOTIFY whose batch reaches the mark's event.
      const runId = heard.find((h) => h.payload.includes(':'))?.payload.split(':')[0];
      const { rows } = await client.query("SELECT seq, event->>'text' AS text FROM runbook_events WHERE run_id = $1 AND event->>'type' = 'output'", [runId]);
      for (const row of rows) {
        const mark = /mark-(\d+)/.exec(row.text)?.[1];
        const at = heard.find((h) => h.payload.startsWith(`${runId}:`) && Number(h.payload.split(':')[1]) >= row.seq)?.at;
        if (mark && at !== undefined) committed.set(mark, at);
      }
      await client.end();
    };
  } else {
    // The journal's lines as an inotify watcher sees them appended: a mark's output event.
    mkdirSync(journal, { mode: 0o700 });
    const seen = new Map();
    const watcher = watch(journal, () => {
      const at = performance.now();
      for (const name of readdirSync(journal)) {
        if (!name.endsWith('.jsonl')) continue;
        const text = readFileSync(join(journal, name), 'utf8');
        const end = text.lastIndexOf('\n') + 1;
        for (const line of text.slice(seen.get(name) ?? 0, end).split('\n')) {
          if (!line.includes('"output"')) continue;
          const event = JSON.parse(line);
          const mark = event.type === 'output' ? /mark-(\d+)/.exec(event.text)?.[1] : undefined;
          if (mark && !committed.has(mark)) committed.set(mark, at);
        }
        seen.set(name, end);
      }
    });
    stopHearing = async () => watcher.close();
  }
  const runner = spawn(process.execPath, [cli, 'run', runbook, '--yes', '--journal', journal], { env, stdio: 'ignore' });
  const runnerDone = new Promise((resolve) => runner.on('close', resolve));
  // The run is there once its first step waits on the FIFO; then the follower starts.
  const follower = await startFollowerWhenRunning(cli, journal, env, runner);
  let buffered = '';
  follower.stdout.setEncoding('utf8').on('data', (chunk) => {
    const at = performance.now();
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      const mark = /^mark-(\d+)$/.exec(line)?.[1];
      if (mark) shown.set(mark, at);
      if (line.startsWith('▶ Step 0')) void writeFile(fifo, 'go\n');
    }
  });
  const code = await new Promise((resolve) => follower.on('close', resolve));
  await runnerDone;
  await stopHearing();
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`follow exited ${code}`);
  const delays = [...shown].filter(([mark]) => committed.has(mark)).map(([mark, at]) => at - committed.get(mark));
  return { medianMs: Number(median(delays).toFixed(1)), p90Ms: Number(quantile(delays, 0.9).toFixed(1)), maxMs: Number(Math.max(...delays).toFixed(1)), samples: delays.length };
}

async function startFollowerWhenRunning(cli, journal, env, runner) {
  for (;;) {
    if (runner.exitCode !== null) throw new Error(`the run exited ${runner.exitCode} before it could be followed`);
    const listed = spawnSync(process.execPath, [cli, 'runs', '--json', '--journal', journal], { env, encoding: 'utf8' });
    const running = listed.status === 0 && JSON.parse(listed.stdout).find((run) => run.outcome === 'running');
    if (running) return spawn(process.execPath, [cli, 'follow', running.runId, '--journal', journal], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The journal's append statement, read from its source so the bench writes exactly what a run writes. */
function appendStatement() {
  const source = readFileSync(join(root, 'engine/journal/postgres/postgres-sink.ts'), 'utf8');
  const statement = /const APPEND = `([\s\S]*?)`;/.exec(source)?.[1];
  if (!statement) throw new Error('the APPEND statement was not found in engine/journal/postgres/postgres-sink.ts');
  return statement;
}

/**
 * Events per second one PostgreSQL commits in the journal's shape: `runs` concurrent runs, each
 * on its own connection, each event its own statement (INSERT + run row UPDATE + NOTIFY) and its
 * own synchronous commit, for `seconds`; one follower LISTENs meanwhile (NOTIFY then queues).
 * `notify: false` and `synchronous: false` are the variants that show what bounds it.
 */
export async function eventsPerSecond({ url, runs, seconds = 5, notify = true, synchronous = true }) {
  // Variants, to see what bounds it: the NOTIFY left out (its value still computed), or the
  // commit asynchronous (as the journal commits output-only batches).
  const statement = notify ? appendStatement() : appendStatement().replace(/pg_notify\('runbook_events', ([^)]*)\)/, '($1)');
  if (!notify && statement === appendStatement()) throw new Error('the NOTIFY was not found in the APPEND statement');
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  await listener.query('LISTEN runbook_events');
  let notified = 0;
  listener.on('notification', () => notified++);
  const clients = await Promise.all(Array.from({ length: runs }, async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }));
  const tag = `${Date.now().toString(36)}-${runs}`;
  const event = (runId, seq) => ({ type: 'output', time: new Date().toISOString(), runId, stepId: 'step', stream: 'stdout', text: `line ${seq} of a step's output, about as long as a log line\n` });
  for (const [i, client] of clients.entries()) {
    await client.query(`INSERT INTO runbook_runs (run_id, incident, runbook, title, mode, started) VALUES ($1, $1, '/bench.md', 'Bench', 'live', now())`, [`bench-${tag}-${i}`]);
  }
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(clients.map(async (client, i) => {
    const runId = `bench-${tag}-${i}`;
    let seq = 0;
    while (performance.now() < deadline) {
      seq++;
      await client.query(statement, [runId, seq, JSON.stringify([event(runId, seq)]), 'step', null, null, seq, synchronous ? 'on' : 'off']);
    }
    return seq;
  }));
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.end()));
  await new Promise((resolve) => setTimeout(resolve, 200));
  await listener.end();
  const total = counts.reduce((a, b) => a + b, 0);
  return { runs, notify, synchronous, events: total, perSecond: Math.round(total / elapsed), notified };
}
