// `npm run bench`: speed and memory targets, each measured side by side with its baseline
// in the same run (these machines are shared and noisy: ratios, not absolute times).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/runbook.js');
const zx = join(root, 'node_modules/.bin/zx');
const work = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
const only = process.argv.slice(2);
/** Whether a measure was asked for (`node bench/run.mjs NAME…` runs those whose name holds NAME). */
const wants = (name) => only.length === 0 || only.some((o) => name.includes(o));
const results = [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time (ms) and peak RSS (MB, GNU time) of a command; fails loudly if it fails. */
function measure(argv, { stdout = 'ignore', env = {}, allowFail = false } = {}) {
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {
    stdio: ['ignore', stdout, 'pipe'],
    // SHLVL=1, as under any login shell. zx hands bash a socket as stdin; bash with a shell level
    // below 2 then takes itself for an ssh session and sources ~/.bashrc at every command (on
    // these machines, pyenv's init: ~150 ms a step). Neither side should be judged on that.
    env: { ...process.env, NO_COLOR: '1', SHLVL: '1', ...env },
    cwd: work,
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - start;
  const stderr = result.stderr.toString();
  if (result.status !== 0 && !allowFail) throw new Error(`${argv.join(' ')} exited ${result.status}: ${stderr.slice(-2000)}`);
  const rssKb = Number(stderr.trim().split('\n').at(-1));
  return { ms, rssMb: rssKb / 1024 };
}

function compare(name, goal, runs, subject, baseline, { unit = '×', extra } = {}) {
  if (!wants(name)) return;
  // Interleave subject and baseline so load changes hit both alike.
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    b.push(baseline());
    a.push(subject());
  }
  const subjectMs = median(a.map((m) => m.ms));
  const baselineMs = median(b.map((m) => m.ms));
  const ratio = subjectMs / baselineMs;
  const row = { name, subjectMs: Math.round(subjectMs), baselineMs: Math.round(baselineMs), ratio: Number(ratio.toFixed(2)), goal, met: ratio <= goal };
  if (extra) Object.assign(row, extra(a, b));
  results.push(row);
  console.log(`${row.met ? '✔' : '✘'} ${name}: ${row.subjectMs} ms vs ${row.baselineMs} ms = ${row.ratio}${unit} (goal ≤ ${goal}${unit})${extra ? ' ' + JSON.stringify(extra(a, b)) : ''}`);
}

// 1. 200 trivial steps, unattended, against zx running the same Markdown.
const steps200 = join(work, 'steps200.md');
writeFileSync(steps200, '# Two hundred steps\n\n' + Array.from({ length: 200 }, (_, i) => `## Step ${i + 1}\n\n\`\`\`bash\necho step ${i + 1}\n\`\`\`\n`).join('\n'));
// The fixed part of a run (start-up, parse, the shell server): a one-step runbook.
const oneStep = join(work, 'one.md');
writeFileSync(oneStep, '# One step\n\n```bash\necho hello\n```\n');
const versusZx = '200 trivial steps: runbook run --yes vs zx';
const fixedMs = wants(versusZx) ? median([0, 1, 2].map(() => measure([cli, 'run', oneStep, '--yes', '--no-journal']).ms)) : 0;
compare(versusZx, 0.5, 5,
  () => measure([cli, 'run', steps200, '--yes', '--no-journal']),
  () => measure([zx, steps200]),
  { extra: () => ({ oneStepRunMs: Math.round(fixedMs) }) });

// 2. Journaling overhead on the same 200 steps.
compare('200 trivial steps: journal on vs off', 1.1, 11,
  () => measure([cli, 'run', steps200, '--yes', '--journal', join(work, 'journal')]),
  () => measure([cli, 'run', steps200, '--yes', '--no-journal']));

// 3. `runbook check` of a one-step file against a bare node start.
compare('runbook check (one step) vs node -e 0', 2.5, 15,
  () => measure([cli, 'check', oneStep]),
  () => measure([process.execPath, '-e', '0']));

// 4. Parsing plus graph building of ≥ 1 MB of Markdown against a bare remark parse.
const bigMd = join(work, 'big.md');
{
  const section = (i) => `## Section ${i}\n\nSome prose with *emphasis*, \`code\` and a [link](https://example.com/${i}).\n\n- a list item\n- another one with **bold**\n\n<!-- runbook\nid: s${i}\ntimeout: 30s\nexpect: { exit: 0 }\n-->\n\`\`\`bash\nkubectl get pods -n "$NAMESPACE" | grep agent-${i}\n\`\`\`\n\n| col | value |\n| --- | --- |\n| a | ${i} |\n\n`;
  let text = '# Big runbook\n\n';
  for (let i = 0; text.length < 1_100_000; i++) text += section(i);
  writeFileSync(bigMd, text);
}
/** Time of the work itself, measured inside a fresh process (module loading excluded). */
function inProcess(what) {
  const result = spawnSync(process.execPath, [join(root, 'bench/parse-graph.mjs'), what, bigMd], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`parse-graph ${what}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
compare('parse + graph of 1 MB vs bare remark parse', 1.5, 3, () => inProcess('graph'), () => inProcess('remark'));

// 5. A step printing 200 MB against `cat` reading the same pipe: the floor of any reader (the
// copy through a pipe, in C). Every program that sees a step's output (checks, captures, masking
// and the journal need it) pays at least that; the command into /dev/null, which no reader can
// approach, and a bare Node reader are shown beside it.
const flood = join(work, 'flood.md');
const floodCommand = "yes 'a line of output from a step that floods the terminal' | head -c 200000000";
// `yes` dies of SIGPIPE when `head` has its bytes: under the steps' `set -o pipefail` that is a
// failure, which this step does not mean (docs/running.md).
writeFileSync(flood, `# Flood\n\n<!-- runbook\npipefail: false\n-->\n\`\`\`bash\n${floodCommand}\n\`\`\`\n`);
const floodName = 'step printing 200 MB vs cat reading the same pipe';
const nodeReader = () => measure(['bash', '-c', `${floodCommand} | ${JSON.stringify(process.execPath)} -e 'process.stdin.on("data", () => {})'`]);
const devNull = () => measure(['bash', '-c', `${floodCommand} > /dev/null`]);
const nodeFloor = wants(floodName) ? median([nodeReader(), nodeReader(), nodeReader()].map((m) => m.ms)) : undefined;
const nullFloor = wants(floodName) ? median([devNull(), devNull(), devNull()].map((m) => m.ms)) : undefined;
compare(floodName, 2.5, 5,
  () => measure([cli, 'run', flood, '--yes', '--no-journal']),
  () => measure(['bash', '-c', `${floodCommand} | cat > /dev/null`]),
  { extra: (a) => ({ peakRssMb: Math.round(Math.max(...a.map((m) => m.rssMb))), rssGoalMb: 150, bareNodeReaderMs: Math.round(nodeFloor ?? 0), intoDevNullMs: Math.round(nullFloor ?? 0) }) });

// 7. A rehearsal: 30 steps whose command is simulated by a scenario against the same 30
// trivial steps run live (goal ≤ 2×, ≤ 3× required).
const sim30 = join(work, 'sim30.md');
writeFileSync(sim30, '# Thirty simulated steps\n\n' + Array.from({ length: 30 }, (_, i) => `## Step ${i + 1}\n\n\`\`\`bash\nfakectl status ${i + 1}\n\`\`\`\n`).join('\n'));
const live30 = join(work, 'live30.md');
writeFileSync(live30, '# Thirty trivial steps\n\n' + Array.from({ length: 30 }, (_, i) => `## Step ${i + 1}\n\n\`\`\`bash\necho status ${i + 1}\n\`\`\`\n`).join('\n'));
const sim30Scenario = join(work, 'sim30.sim.scenario.yaml');
writeFileSync(sim30Scenario, 'scenario: sim\nrunbook: ./sim30.md\ncommands:\n  - run: fakectl status *\n    stdout: ok\n');
compare('30 simulated steps (rehearsal) vs 30 trivial steps live', 2, 7,
  () => measure([cli, 'run', sim30, '--rehearse', sim30Scenario, '--yes', '--no-journal']),
  () => measure([cli, 'run', live30, '--yes', '--no-journal']));

// 8. The worst-case parse: the slowest pathological 16 KB document through checkRunbook against
// a bare remark parse of a normal 16 KB runbook (goal under 1 s absolute; the ratio reported).
if (wants('worst-case parse')) {
  const { worstParse } = await import(join(root, 'bench/worst-parse.mjs'));
  const row = { name: 'worst-case parse (16 KB)', ...(await worstParse(join(root, 'dist/lib.js'))) };
  results.push(row);
  console.log(`${row.met ? '✔' : '✘'} ${row.name}: ${row.worst} ${row.subjectMs} ms vs bare remark parse of a normal runbook ${row.baselineMs} ms = ${row.ratio}× (goal < ${row.goalMs} ms)`);
}

// 6. The TUI (bench/tui-latency.mjs, issue 16): key-press-to-frame latency while a step prints
// continuously through its pty, peak memory under a 100 MB flood against a short step's, and a
// step's start-up in a pty against the shell server's (today's executor) and a new bash's.
const tuiNames = ['TUI key-press-to-frame while a step prints', 'TUI peak memory under a 100 MB flood', 'TUI step start-up: pty vs shell server'];
if (tuiNames.some(wants) || wants('tui')) {
  const { runTuiBench } = await import(join(root, 'bench/tui-latency.mjs'));
  const tui = await runTuiBench();
  const rows = [
    { name: tuiNames[0], subjectMs: tui.keyToFrameMedianMs, baselineMs: tui.goalLatencyMs, ratio: Number((tui.keyToFrameMedianMs / tui.goalLatencyMs).toFixed(2)), goal: 1, met: tui.latencyMet, p90Ms: tui.keyToFrameP90Ms, samples: tui.samples, requiredMs: tui.requiredLatencyMs, outputMbDuringLatency: tui.outputMbDuringLatency },
    { name: tuiNames[1], subjectMb: tui.floodPeakRssMb, baselineMb: tui.baselineRssMb, ratio: Number((tui.floodPeakRssMb / tui.baselineRssMb).toFixed(2)), goalMb: tui.goalRssMb, met: tui.rssMet, floodSeconds: tui.floodSeconds, floodCpuSeconds: tui.floodCpuSeconds, tuiOnlyFloodPeakRssMb: tui.tuiOnlyFloodPeakRssMb },
    { name: tuiNames[2], subjectMs: tui.stepStartPtyMs, baselineMs: tui.stepStartServerMs, ratio: Number((tui.stepStartPtyMs / tui.stepStartServerMs).toFixed(2)), newBashMs: tui.stepStartNewBashMs, ptyVsNewBash: Number((tui.stepStartPtyMs / tui.stepStartNewBashMs).toFixed(2)) },
  ];
  results.push(...rows);
  const mark = (met) => (met ? '✔' : '✘');
  console.log(`${mark(rows[0].met)} ${rows[0].name}: median ${rows[0].subjectMs} ms (p90 ${rows[0].p90Ms} ms, ${rows[0].samples} keys) vs goal ${rows[0].baselineMs} ms = ${rows[0].ratio}× (required ≤ ${rows[0].requiredMs} ms)`);
  console.log(`${mark(rows[1].met)} ${rows[1].name}: ${rows[1].subjectMb} MB peak RSS vs ${rows[1].baselineMb} MB for a short step = ${rows[1].ratio}× (goal ≤ ${rows[1].goalMb} MB; ${rows[1].floodSeconds} s, ${rows[1].floodCpuSeconds} s CPU; 100 MB as events straight into the TUI: ${rows[1].tuiOnlyFloodPeakRssMb} MB)`);
  console.log(`- ${rows[2].name}: ${rows[2].subjectMs} ms vs ${rows[2].baselineMs} ms = ${rows[2].ratio}× (a new bash without a pty: ${rows[2].newBashMs} ms, pty ${rows[2].ptyVsNewBash}×; \`true\`, median of 60 × 3)`);
}

// 9. The shared journal (issue 18, bench/postgres.mjs): the same 200 steps journaled to a local
// PostgreSQL against the file journal (goal ≤ 1.5×); `follow`'s delay from an event's commit to
// its display (goal ≤ 100 ms at the median; the file journal's beside it); the events per
// second one PostgreSQL commits in the journal's shape (no goal: docs/journal-postgres.md).
const pgVsFile = '200 trivial steps: PostgreSQL journal vs file journal';
const followNames = ['follow delay: PostgreSQL journal', 'follow delay: file journal'];
const perSecond = 'PostgreSQL events per second';
if ([pgVsFile, ...followNames, perSecond].some(wants)) {
  const pgBench = await import(join(root, 'bench/postgres.mjs'));
  const delayRow = async (name, options) => {
    if (!wants(name)) return;
    const delay = await pgBench.followDelay({ cli, work, ...options });
    const row = { name, ...delay, goalMs: 100, met: delay.medianMs <= 100 };
    results.push(row);
    console.log(`${row.met ? '✔' : '✘'} ${name}: median ${delay.medianMs} ms, p90 ${delay.p90Ms} ms, max ${delay.maxMs} ms over ${delay.samples} events (goal ≤ 100 ms at the median)`);
  };
  await delayRow(followNames[1], { store: 'file' });
  const found = pgBench.findPostgres();
  if (found.missing) console.log(`- PostgreSQL rows skipped: ${found.missing}`);
  else if ([pgVsFile, followNames[0], perSecond].some(wants)) {
    const server = await pgBench.startPostgres(found.bin);
    const stop = () => server.stop();
    process.once('SIGINT', () => (stop(), process.exit(130)));
    try {
      // The schema first, so no measured run pays for creating it.
      measure([cli, 'runs', '--journal', server.url]);
      compare(pgVsFile, 1.5, 7,
        () => measure([cli, 'run', steps200, '--yes', '--journal', server.url]),
        () => measure([cli, 'run', steps200, '--yes', '--journal', join(work, 'journal-vs-pg')]));
      await delayRow(followNames[0], { store: 'postgres', url: server.url });
      if (wants(perSecond)) {
        const rows = [];
        const variants = [{ label: 'synchronous commit + NOTIFY (the journal)' }, { label: 'synchronous commit, no NOTIFY', notify: false }, { label: 'asynchronous commit + NOTIFY (output batches)', synchronous: false }];
        for (const variant of variants) {
          for (const runs of [1, 4, 16, 32]) {
            const row = await pgBench.eventsPerSecond({ url: server.url, runs, seconds: 4, ...variant });
            rows.push({ ...row, label: variant.label });
            console.log(`- ${perSecond}, ${variant.label}, ${runs} concurrent runs: ${row.perSecond}/s (${row.events} events, one statement and one commit each; ${row.notified} notifications heard)`);
          }
        }
        results.push({ name: perSecond, rows, loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))) });
      }
    } finally {
      stop();
    }
  }
}

writeFileSync(join(work, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nresults: ${join(work, 'results.json')}`);
void readFileSync;
