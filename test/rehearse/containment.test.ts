/**
 * Containment: in a rehearsal nothing the scenario does not answer or pass through reaches the
 * real system. Every escape route is tried in each isolation mode this machine supports; each
 * tries to create a marker file (in a temp dir and in the home dir), to start a process that
 * outlives the step, to kill a real process, or to open a real network connection.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../engine/contracts/step-graph.js';
import { detectSandbox } from '../../engine/rehearse/detect-sandbox.js';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';
import { createRehearsalExecutor, type Isolation, type RehearsalExecutor } from '../../engine/rehearse/rehearsal-executor.js';
import type { ExecResponse } from '../../engine/contracts/run-seams.js';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';

const modes: Isolation[] = (await detectSandbox()).available ? ['namespaces', 'guard'] : ['guard'];
const step = { id: 'escape' } as Step;

/** Each route, with `$T` (a marker path, given as an environment variable) or a literal path `@T@`. */
const ROUTES: Record<string, string> = {
  'absolute path': '/usr/bin/touch @T@',
  'absolute path through a variable': 'x=/usr/bin/touch; $x "$T"',
  'relative path': 'cd /usr/bin && ./touch "$T"',
  'command': 'command touch "$T"; command /usr/bin/touch "$T"',
  'exec': 'exec /usr/bin/touch "$T"',
  'exec by name': 'exec touch "$T"',
  'env': 'env touch "$T"',
  'env by path': '/usr/bin/env touch "$T"',
  'bash -c': "bash -c 'touch \"$T\"'; sh -c 'touch \"$T\"'",
  'bash -c by path': "/bin/bash -c '/usr/bin/touch \"$T\"'",
  'subshell': '(touch "$T"); (/usr/bin/touch "$T")',
  'pipeline': 'echo x | touch "$T"; echo x | tee "$T"; echo x | /usr/bin/tee "$T"',
  'command substitution': 'echo $(touch "$T") $(/usr/bin/touch "$T") `/usr/bin/touch "$T"`',
  'function': 'f() { /usr/bin/touch "$T"; }; f; g() { touch "$T"; }; g',
  'xargs': 'echo "$T" | xargs touch; echo "$T" | /usr/bin/xargs touch',
  'eval': 'eval "/usr/bin/touch $T"; eval \'touch "$T"\'',
  'source': 'source <(echo "/usr/bin/touch $T"); . /dev/stdin <<< "/usr/bin/touch $T"',
  'builtin': 'builtin exec /usr/bin/touch "$T"; builtin command /usr/bin/touch "$T"',
  'PATH change': 'PATH=/usr/bin:/bin touch "$T"; export PATH=/usr/bin:/bin; touch "$T"',
  'hash -p': 'hash -p /usr/bin/touch touch; touch "$T"',
  'redirection': 'echo pwned > "$T"',
  'redirection >>': 'echo pwned >> @T@',
  'redirection without a command': '> @T@',
  'redirection >|': 'echo pwned >| @T@',
  'redirection &>': 'echo pwned &> "$T"',
  'redirection <>': 'echo pwned 1<> "$T"',
  'redirection with exec': 'exec 3> "$T"; echo pwned >&3',
  'redirection to the home dir': 'echo pwned > "$H"; echo pwned > @H@',
  'tee through cat': 'cat > "$T" <<< pwned',
  'awk print > file': 'awk \'BEGIN { print "pwned" > ENVIRON["T"] }\'',
  'awk print | command': 'awk \'BEGIN { print "pwned" | "/usr/bin/tee " ENVIRON["T"] }\'',
  'awk system()': 'awk \'BEGIN { system("/usr/bin/touch " ENVIRON["T"]) }\'',
  'sed w': 'echo pwned | sed -n "w $T"; echo pwned | sed "s/p/P/w $T"',
  'sed e': 'echo x | sed "e /usr/bin/touch $T"',
  'sort -o': 'echo pwned | sort -o "$T"; echo pwned | sort --output="$T"',
};

describe('containment test control', () => {
  it('the same routes do write with the live executor (so the checks below can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-control-'));
    const live = createBashExecutor();
    try {
      const marker = join(dir, 'marker');
      for (const route of [ROUTES['absolute path']!, ROUTES.redirection!, ROUTES['bash -c']!]) {
        rmSync(marker, { force: true });
        const command = route.replaceAll('@T@', marker);
        await live.exec({ step, command, env: { PATH: process.env.PATH ?? '', T: marker }, cwd: dir, timeoutMs: 10_000, interactive: false });
        expect(existsSync(marker), command).toBe(true);
      }
    } finally {
      await live.close?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(modes)('containment (%s)', (isolation) => {
  let executor: RehearsalExecutor;
  let dir: string;
  let home: string;
  const homeMarker = join(homedir(), `.runbook-containment-${process.pid}-${Date.now()}`);

  beforeAll(async () => {
    const loaded = await loadScenario(join(import.meta.dirname, 'fixtures', 'world', 'containment.scenario.yaml'));
    expect(loaded.file.messages.map(String)).toEqual([]);
    executor = await createRehearsalExecutor(loaded.scenario!, { isolation });
    dir = mkdtempSync(join(tmpdir(), 'runbook-containment-'));
    home = homedir();
  });
  afterAll(async () => {
    await executor.close?.();
    rmSync(dir, { recursive: true, force: true });
    rmSync(homeMarker, { force: true });
  });

  const run = (command: string, extraEnv: Record<string, string> = {}): Promise<ExecResponse> =>
    executor.exec({ step, command, env: { PATH: process.env.PATH ?? '', HOME: home, ...extraEnv }, cwd: dir, timeoutMs: 15_000, interactive: false });

  it.each(Object.entries(ROUTES))('%s: nothing is written', async (_name, route) => {
    const marker = join(dir, `marker-${Math.random().toString(36).slice(2)}`);
    const command = route.replaceAll('@T@', marker).replaceAll('@H@', homeMarker);
    const result = await run(command, { T: marker, H: homeMarker });
    expect(existsSync(marker), `${command}\n${result.output}`).toBe(false);
    expect(existsSync(homeMarker), `${command}\n${result.output}`).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not create the working directory it is given, even one written with `..`', async () => {
    for (const cwd of [join(dir, 'sub', 'deeper'), `${dir}/../${dir.split('/').pop()}/sub/../made`, '/tmp/../../../tmp/x/../' + dir.slice(1) + '/made2']) {
      const result = await executor.exec({ step, command: 'pwd', env: { PATH: process.env.PATH ?? '' }, cwd, timeoutMs: 15_000, interactive: false });
      expect(result.exitCode, result.output).toBe(0);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(isolation === 'namespaces')('a symbolic link left in the scratch /tmp does not lead the next step outside', async () => {
    const link = await run('/.rb/bin/node -e "require(\'fs\').symlinkSync(process.env.T, \'/tmp/evil\')"; echo made', { T: dir });
    expect(link.stdout, link.output).toBe('made\n');
    for (const cwd of ['/tmp/evil/sub', '/tmp/evil']) {
      const result = await executor.exec({ step, command: './scripts/generate-certs.sh; pwd', env: { PATH: process.env.PATH ?? '' }, cwd, timeoutMs: 15_000, interactive: false });
      expect(result.stdout).toBe('certificates generated\n/tmp\n');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses with a message naming the command', async () => {
    const result = await run('touch /tmp/x');
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('rehearsal: `touch /tmp/x` is not answered by scenario containment; nothing was run');
  });

  it('still allows /dev/null, 2>&1, pipes into passthrough tools, export and cd', async () => {
    const result = await run('kubectl get pods > /dev/null 2>&1; kubectl get pods 2>&1 | grep -c Running; export X=1; cd /tmp && echo "$X $PWD"; (( 3 > 2 )) && [[ b > a ]] && echo "$(( 3 > 2 )) a > b" >&2');
    expect(result.stdout).toBe('1\n1 /tmp\n');
    expect(result.stderr).toBe('1 a > b\n');
    expect(result.exitCode).toBe(0);
  });

  it('leaves no background process behind', async () => {
    const marker = `424${Math.floor(Math.random() * 90) + 10}`;
    await run(`sleep ${marker} & sleep ${marker} > /dev/null 2>&1 & disown; echo started`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ps = await new Promise<string>((resolve) => {
      const child = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => resolve(out));
    });
    expect(ps.split('\n').filter((line) => line.trim() === `sleep ${marker}`)).toEqual([]);
  });

  it('cannot kill a real process', async () => {
    const victim = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = victim.pid!;
      await run(`kill ${pid}; kill -9 ${pid}; kill -KILL "$V"; /usr/bin/kill -9 ${pid}`, { V: String(pid) });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(victim.exitCode).toBeNull();
      expect(victim.signalCode).toBeNull();
      expect(() => process.kill(pid, 0)).not.toThrow();
    } finally {
      victim.kill('SIGKILL');
    }
  });

  it('cannot open a network connection', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await run(`echo hi > /dev/tcp/127.0.0.1/${port}; cat < /dev/tcp/127.0.0.1/${port}; exec 3<>/dev/tcp/127.0.0.1/${port}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });
});
