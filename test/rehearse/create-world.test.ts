import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGlob, globCovers } from '../../engine/rehearse/compile-glob.js';
import { createWorld } from '../../engine/rehearse/create-world.js';
import type { Rule, Scenario } from '../../engine/rehearse/scenario.js';

function rule(index: number, run: string, extra: Partial<Rule> = {}): Rule {
  return { index, run, pattern: compileGlob(run), when: {}, set: {}, stdout: '', stderr: '', exit: 0, delayMs: 0, ...extra };
}

function scenario(rules: Rule[], state: Record<string, string> = { state: 'broken' }): Scenario {
  return { name: 'crashloop', path: join('x.scenario.yaml'), state, rules, passthrough: [], hints: [], inputs: {}, answers: {} };
}

describe('compileGlob', () => {
  it('matches words joined by spaces; `*` matches anything, a final ` *` may match nothing', () => {
    const glob = compileGlob('kubectl get pods *');
    expect(glob.test('kubectl get pods')).toBe(true);
    expect(glob.test('kubectl get pods -n agents -l app=agent')).toBe(true);
    expect(glob.test('kubectl get podsx')).toBe(false);
    expect(compileGlob('curl *localhost:8080/health*').test('curl -fsS http://localhost:8080/health?x=1')).toBe(true);
    expect(compileGlob('a.b (c)').test('a.b (c)')).toBe(true);
    expect(compileGlob('a.b (c)').test('aXb (c)')).toBe(false);
  });

  it('knows when one glob answers everything another matches', () => {
    expect(globCovers('kubectl get *', 'kubectl get pods *')).toBe(true);
    expect(globCovers('kubectl get pods *', 'kubectl get *')).toBe(false);
    expect(globCovers('a*b', 'a*c')).toBe(false);
    expect(globCovers('x *', 'x')).toBe(true);
  });
});

describe('createWorld', () => {
  const rules = [
    rule(0, 'kubectl get pods *', { when: { state: ['broken'] }, stdout: 'agent-1 0/1 CrashLoopBackOff\n' }),
    rule(1, 'kubectl rollout restart *', { set: { state: 'fixed' }, stdout: 'restarted\n' }),
    rule(2, 'kubectl get pods *', { when: { state: ['fixed'] }, stdout: 'agent-1 1/1 Running\n' }),
    rule(3, 'curl *', { times: 2, exit: 22, stderr: 'curl: (22) 503\n' }),
    rule(4, 'curl *', { stdout: '{"status":"ok"}\n' }),
  ];

  it('changes state: after `kubectl rollout restart`, `kubectl get pods` answers Running', () => {
    const world = createWorld(scenario(rules));
    expect(world.answer(['kubectl', 'get', 'pods', '-n', 'agents']).stdout).toContain('CrashLoopBackOff');
    expect(world.state()).toEqual({ state: 'broken' });
    expect(world.answer(['kubectl', 'rollout', 'restart', 'deployment/agent'])).toMatchObject({ answered: true, stdout: 'restarted\n', rule: 1 });
    expect(world.state()).toEqual({ state: 'fixed' });
    expect(world.answer(['kubectl', 'get', 'pods']).stdout).toContain('Running');
  });

  it('answers a rule with `times` only that often, then falls through', () => {
    const world = createWorld(scenario(rules));
    const exits = [1, 2, 3, 4].map(() => world.answer(['curl', '-fsS', 'localhost']).exit);
    expect(exits).toEqual([22, 22, 0, 0]);
  });

  it('refuses what no rule answers, naming the command and the scenario', () => {
    const world = createWorld(scenario(rules));
    expect(world.answer(['systemctl', 'restart', 'x'])).toEqual({
      answered: false,
      stdout: '',
      stderr: 'rehearsal: `systemctl restart x` is not answered by scenario crashloop; nothing was run\n',
      exit: 127,
      delayMs: 0,
    });
    expect(world.log()).toEqual([{ command: 'systemctl restart x' }]);
  });

  it('needs every `when` variable to hold', () => {
    const world = createWorld(scenario([rule(0, 'df -h', { when: { state: ['broken'], disk: ['full', 'nearly-full'] }, stdout: '99%\n' })], { state: 'broken', disk: 'ok' }));
    expect(world.answer(['df', '-h']).answered).toBe(false);
    const full = createWorld(scenario([rule(0, 'df -h', { when: { state: ['broken'], disk: ['full', 'nearly-full'] }, stdout: '99%\n' })], { state: 'broken', disk: 'nearly-full' }));
    expect(full.answer(['df', '-h']).stdout).toBe('99%\n');
  });
});

describe('world snapshots', () => {
  it('a world started from a snapshot answers as the one it was taken from', () => {
    const rules = [
      rule(0, 'kubectl rollout restart *', { set: { state: 'fixed' } }),
      rule(1, 'curl *', { times: 1, exit: 22 }),
      rule(2, 'curl *', { stdout: 'ok\n' }),
      rule(3, 'kubectl get pods', { when: { state: ['fixed'] }, stdout: 'Running\n' }),
      rule(4, 'kubectl get pods', { when: { state: ['broken'] }, stdout: 'CrashLoopBackOff\n' }),
    ];
    const first = createWorld(scenario(rules));
    first.answer(['kubectl', 'rollout', 'restart', 'deployment/agent']);
    first.answer(['curl', 'localhost']);
    const snapshot = first.snapshot();
    expect(snapshot).toEqual({ state: { state: 'fixed' }, used: { '0': 1, '1': 1 } });

    const resumed = createWorld(scenario(rules), snapshot);
    expect(resumed.answer(['kubectl', 'get', 'pods']).stdout).toBe('Running\n');
    expect(resumed.answer(['curl', 'localhost']).rule).toBe(2);
    expect(createWorld(scenario(rules)).answer(['kubectl', 'get', 'pods']).stdout).toBe('CrashLoopBackOff\n');
  });
});
