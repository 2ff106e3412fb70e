// TUI benchmarks (issue #3):
//   1. key-press-to-frame latency while a step prints continuously (goal: median ≤ 50 ms, ≤ 100 required);
//   2. peak memory (RSS) of the whole process while a step prints 100 MB (goal: ≤ 150 MB).
// The TUI runs in a child process over the real runner and real bash, each step in a pty of its
// own (as `runbook run` on a terminal does), with an in-memory terminal (80×24): keys are written
// to a fake stdin, frames read from a fake stdout.
//   3. a step's start-up cost in a pty against the shell server's (`true`, median of 60).
//
// `node bench/tui-latency.mjs` prints the figures; `runTuiBench()` returns them (npm run bench).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { binFlags } from '../scripts/bin-flags.mjs';
import { shellTextLoader } from '../scripts/shell-text.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
export const GOAL_LATENCY_MS = 50;
export const REQUIRED_LATENCY_MS = 100;
export const GOAL_RSS_MB = 150;
const FLOOD_BYTES = 100_000_000;
const SAMPLES = 30;

/** Runs both measurements, each in a fresh child process; returns the figures. */
export async function runTuiBench() {
  const engine = await bundleEngine();
  let latency, baseline, flood, synthetic, startup;
  try {
    latency = await child(['latency', engine]);
    baseline = await child(['flood', engine], { TUI_BENCH_FLOOD_COMMAND: 'echo a short step' });
    flood = await child(['flood', engine]);
    synthetic = await child(['synthetic', engine]);
    startup = await child(['startup', engine]);
  } finally {
    rmSync(engine, { force: true });
  }
  return {
    keyToFrameMedianMs: round(latency.median),
    keyToFrameP90Ms: round(latency.p90),
    samples: latency.samples,
    outputMbDuringLatency: round(latency.outputMb),
    goalLatencyMs: GOAL_LATENCY_MS,
    requiredLatencyMs: REQUIRED_LATENCY_MS,
    latencyMet: latency.median <= GOAL_LATENCY_MS,
    floodMb: FLOOD_BYTES / 1e6,
    baselineRssMb: round(baseline.peakRssMb),
    floodSeconds: round(flood.seconds),
    floodCpuSeconds: round(flood.cpuSeconds),
    floodPeakRssMb: round(flood.peakRssMb),
    floodStreamedMb: round(flood.streamedMb),
    floodFrames: flood.frames,
    tuiOnlyFloodPeakRssMb: round(synthetic.peakRssMb),
    tuiOnlyFloodSeconds: round(synthetic.seconds),
    tuiOnlyFloodFrames: synthetic.frames,
    goalRssMb: GOAL_RSS_MB,
    rssMet: flood.peakRssMb <= GOAL_RSS_MB && synthetic.peakRssMb <= GOAL_RSS_MB,
    stepStartPtyMs: round(startup.pty),
    stepStartServerMs: round(startup.server),
    stepStartNewBashMs: round(startup.spawn),
  };
}

/** The TUI, the runner and the parser bundled into one module (packages stay external). */
export async function bundleEngine() {
  const dir = join(root, 'node_modules/.cache/runbook-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `tui-engine-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: [
        "export { renderRunTui } from './engine/tui/render-run-tui.js';",
        "export { runGraph } from './engine/run/run-graph.js';",
        "export { createBashExecutor } from './engine/shell/bash-executor.js';",
        "export { createPtyExecutor } from './engine/shell/pty/pty-executor.js';",
        "export { parseRunbook } from './engine/parse/parse-runbook.js';",
        "export { buildStepGraph } from './engine/graph/build-step-graph.js';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    jsx: 'automatic',
    loader: shellTextLoader,
    logLevel: 'warning',
  });
  return outfile;
}

function child(args, env = {}) {
  return new Promise((resolve, reject) => {
    // The V8 flags of bin/runbook.js's shebang, so the figures are those of `runbook run`.
    const proc = spawn(process.execPath, [...binFlags(root), self, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    let err = '';
    proc.stderr.on('data', (chunk) => (err += chunk));
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`tui bench ${args[0]} exited ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(line));
    });
  });
}

/** A terminal in memory: Ink writes frames here; every write is timed. */
class FakeStdout extends Writable {
  isTTY = true;
  columns = 80;
  rows = 24;
  frames = 0;
  waiters = [];
  last = '';
  _write(chunk, _encoding, done) {
    const text = chunk.toString();
    this.frames++;
    this.last = text;
    const now = performance.now();
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test(text)) return true;
      waiter.resolve(now);
      return false;
    });
    done();
  }
  /** Resolves with the time of the first write whose text passes `test`. */
  next(test, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame matched ${test} in ${timeoutMs} ms; the last frame:\n${this.last.slice(-3000)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (time) => (clearTimeout(timer), resolve(time)) });
    });
  }
}

/** Keys typed in memory, read by Ink the way it reads a terminal. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  queue = [];
  setRawMode(raw) {
    this.isRaw = raw;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  pause() {}
  resume() {}
  isPaused() {
    return false;
  }
  read() {
    return this.queue.shift() ?? null;
  }
  press(data) {
    this.queue.push(data);
    this.emit('readable');
  }
}

/** 100 MB of output events straight into the TUI (no runner, which streams at most 8 MiB per stream live). */
async function syntheticFlood(engine) {
  const graph = {
    file: 'bench.md',
    title: 'TUI bench',
    settings: { inputs: {}, shell: 'bash', timeoutMs: 600_000 },
    sections: [],
    steps: [
      { id: 'print', title: 'Print', kind: 'command', index: 0, section: 'print', sectionTitle: 'Print', sectionDepth: 2, prose: '', position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, command: 'yes', uses: [], sets: [], timeoutMs: 600_000, capture: [], branch: [], onFailure: { kind: 'stop' }, interactive: false, secret: [], maxVisits: 3 },
    ],
  };
  const stdout = new FakeStdout();
  const chunk = (`${'x'.repeat(99)}\n`).repeat(655); // 65.5 kB, as a pipe delivers it
  const started = performance.now();
  const time = () => new Date().toISOString();
  await engine.renderRunTui({
    graph,
    mode: 'live',
    noColor: true,
    mask: (text) => text,
    stdin: new FakeStdin(),
    stdout,
    size: { columns: 80, rows: 24 },
    handleSignals: false,
    async *start() {
      yield { type: 'run-started', time: time(), runId: 'bench', runbook: 'bench.md', sha256: '', title: 'TUI bench', mode: 'live', inputs: {} };
      yield { type: 'step-started', time: time(), stepId: 'print', title: 'Print', command: 'yes', attempt: 1, visit: 1 };
      for (let sent = 0; sent < FLOOD_BYTES; sent += chunk.length) {
        yield { type: 'output', time: time(), stepId: 'print', stream: 'stdout', text: chunk };
        // A pipe delivers chunks as the kernel hands them over, not all in one turn of the event loop.
        if ((sent / chunk.length) % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      yield { type: 'step-finished', time: time(), stepId: 'print', status: 'passed', exitCode: 0, signal: null, timedOut: false, durationMs: 1, checks: [], captures: {}, next: null };
      yield { type: 'run-finished', time: time(), outcome: 'completed' };
    },
  });
  return { seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024, frames: stdout.frames };
}

async function measureInChild(kind, enginePath) {
  // As engine/cli/execute-run.ts loads the TUI: React's production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const engine = await import(pathToFileURL(enginePath).href);
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  if (kind === 'synthetic') return syntheticFlood(engine);
  if (kind === 'startup') return stepStartup(engine);
  const dir = mkdtempSync(join(tmpdir(), 'runbook-tui-bench-'));
  // Removed however the child ends (a failed measurement throws before the end).
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const runbook = join(dir, 'bench.md');
  const command =
    kind === 'latency'
      ? // Continuous output for the whole measurement (about 20,000 lines a second), below the
        // live-output limit, so every frame measured competes with output arriving.
        'while :; do seq -f "a step printing continuously: line %g of the quick brown fox" 1 200; sleep 0.01; done'
      : (process.env.TUI_BENCH_FLOOD_COMMAND ?? `yes "$(printf '%099d' 0)" | head -c ${FLOOD_BYTES}`);
  // `yes` dies of SIGPIPE once `head` has its bytes: no failure under the steps' pipefail.
  writeFileSync(runbook, `# TUI bench\n\n## Print\n\n<!-- runbook\npipefail: false\n-->\n\`\`\`bash\n${command}\n\`\`\`\n`);
  const { VFile } = await import('vfile');
  const file = new VFile({ path: runbook, value: readFileSync(runbook, 'utf8') });
  const graph = engine.buildStepGraph(engine.parseRunbook(file), file);
  const executor = engine.createBashExecutor();
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  let outputBytes = 0;
  const done = engine.renderRunTui({
    graph,
    mode: 'live',
    noColor: true,
    mask: (text) => text,
    stdin,
    stdout,
    size: { columns: 80, rows: 24 },
    handleSignals: false,
    start: (operator, controls, terminal) => {
      const stepExecutor = process.env.TUI_BENCH_NO_PTY ? executor : terminal.executor(executor);
      const events = engine.runGraph({ graph, runId: 'bench', sha256: '', mode: 'live', executor: stepExecutor, operator, inputs: {}, controls, cwd: dir });
      return (async function* count() {
        for await (const event of events) {
          if (event.type === 'output') outputBytes += event.text.length;
          yield event;
        }
      })();
    },
  });

  await stdout.next((text) => text.includes('Enter runs this step'));
  const started = performance.now();
  stdin.press('\r');
  let result;
  if (kind === 'latency') {
    await stdout.next((text) => text.includes('Ctrl-C stops it'));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the step is in full flow
    const startBytes = outputBytes;
    const latencies = [];
    for (let i = 0; i < SAMPLES; i++) {
      const helpShown = stdout.next((text) => text.includes('Press any key to close.'));
      const pressed = performance.now();
      stdin.press('?');
      latencies.push((await helpShown) - pressed);
      const helpClosed = stdout.next((text) => text.includes('Ctrl-C stops it'));
      const closing = performance.now();
      stdin.press('x');
      latencies.push((await helpClosed) - closing);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stdin.press('\u0003'); // Ctrl-C stops the step
    await stdout.next((text) => text.includes('The step failed'));
    stdin.press('x'); // stop the run
    await done;
    latencies.sort((a, b) => a - b);
    result = {
      median: latencies[Math.floor(latencies.length / 2)],
      p90: latencies[Math.floor(latencies.length * 0.9)],
      samples: latencies.length,
      outputMb: (outputBytes - startBytes) / 1e6,
    };
  } else {
    const framesBefore = stdout.frames;
    await done;
    const seconds = (performance.now() - started) / 1000;
    if (!stdout.last.includes('outcome: completed')) throw new Error(`the flood step did not complete:\n${stdout.last}`);
    const usage = process.resourceUsage();
    result = { seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakRssMb: usage.maxRSS / 1024, frames: stdout.frames - framesBefore, streamedMb: outputBytes / 1e6 };
  }
  await executor.close?.();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Median time of a `true` step: in a pty of its own, on the shell server, in a new bash (no pty). */
async function stepStartup(engine) {
  const step = { id: 's', interactive: false, capture: [], branch: [], secret: [] };
  const screen = { size: () => ({ columns: 54, rows: 24 }), started() {}, data: (_id, _text, done) => done(), async ended() {} };
  const server = engine.createBashExecutor();
  const spawnOnly = engine.createBashExecutor({ server: false });
  const pty = engine.createPtyExecutor(server, screen, { shell: 'bash' });
  server.prepare?.();
  pty.prepare?.();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir() };
  const time = async (executor) => {
    const times = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      const result = await executor.exec({ step, command: 'true', env, cwd: tmpdir(), timeoutMs: 10_000, interactive: false });
      if (result.exitCode !== 0) throw new Error('the start-up step failed');
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[30];
  };
  // Interleaved, so that the machine's load falls on all three alike.
  const figures = { pty: [], server: [], spawn: [] };
  for (let round = 0; round < 3; round++) {
    figures.pty.push(await time(pty));
    figures.server.push(await time(server));
    figures.spawn.push(await time(spawnOnly));
  }
  await pty.close?.();
  await server.close?.();
  await spawnOnly.close?.();
  const median = (values) => values.sort((a, b) => a - b)[1];
  return { pty: median(figures.pty), server: median(figures.server), spawn: median(figures.spawn) };
}

function round(value) {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] === self) {
  const [kind, enginePath] = process.argv.slice(2);
  if (kind === 'latency' || kind === 'flood' || kind === 'synthetic' || kind === 'startup') {
    const result = await measureInChild(kind, enginePath);
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
    process.exit(0);
  } else {
    const figures = await runTuiBench();
    const mark = (met) => (met ? '✔' : '✘');
    console.log(
      `${mark(figures.latencyMet)} TUI key-press-to-frame while a step prints continuously: median ${figures.keyToFrameMedianMs} ms, p90 ${figures.keyToFrameP90Ms} ms over ${figures.samples} keys (goal ≤ ${GOAL_LATENCY_MS} ms)`,
    );
    console.log(
      `TUI step start-up (true, median): ${figures.stepStartPtyMs} ms in a pty, ${figures.stepStartServerMs} ms on the shell server, ${figures.stepStartNewBashMs} ms in a new bash`,
    );
    console.log(
      `${mark(figures.rssMet)} TUI peak memory while a step prints ${figures.floodMb} MB: ${figures.floodPeakRssMb} MB RSS in ${figures.floodSeconds} s through the runner and bash (${figures.floodStreamedMb} MB streamed live; ${figures.baselineRssMb} MB for a short step); ${figures.tuiOnlyFloodPeakRssMb} MB RSS with all ${figures.floodMb} MB as output events into the TUI, ${figures.tuiOnlyFloodFrames} frames in ${figures.tuiOnlyFloodSeconds} s (goal ≤ ${GOAL_RSS_MB} MB)`,
    );
  }
}
