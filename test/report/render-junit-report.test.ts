import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderJunitReport } from '../../engine/report/render-junit-report.js';
import { makeEvents } from '../journal/make-events.js';

/** Parses with Python's ElementTree: a real XML parser, strict about escaping. */
function parse(xml: string) {
  const script = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find('testsuite')
print(json.dumps({
  'root': {k: root.get(k) for k in ('tests', 'failures', 'errors', 'skipped') if root.get(k) is not None},
  'suite': {k: suite.get(k) for k in ('name', 'tests', 'failures', 'errors', 'skipped', 'timestamp', 'hostname')},
  'properties': {p.get('name'): p.get('value') for p in suite.find('properties')},
  'cases': [{'name': c.get('name'), 'time': c.get('time'), 'kind': [e.tag for e in c if e.tag != 'system-out'],
             'message': next((e.get('message') for e in c if e.tag in ('failure', 'error')), None),
             'out': c.findtext('system-out')} for c in suite.findall('testcase')],
}))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }));
}

describe('renderJunitReport', () => {
  it('is valid JUnit XML with one test case per step execution and the right counts', () => {
    const junit = parse(renderJunitReport(makeEvents()));
    expect(junit.root).toEqual({ tests: '3', failures: '1', errors: '0' });
    expect(junit.suite).toEqual({ name: 'Agent not responding', tests: '3', failures: '1', errors: '0', skipped: '0', timestamp: '2026-11-22T08:15:01Z', hostname: 'ops1' });
    expect(junit.properties).toMatchObject({ runId: '20261122T081500Z-ab12cd', outcome: 'failed', mode: 'live' });
    expect(junit.cases).toEqual([
      { name: 'pods: Check the pods', time: '1.200', kind: [], message: null, out: '$ kubectl get pods -n "$NAMESPACE"\nNAME READY STATUS\nagent-7d9f 0/1 CrashLoopBackOff' },
      { name: 'check: Is it the config?', time: '3.000', kind: [], message: null, out: null },
      { name: 'restart: Restart the agent', time: '0.800', kind: ['failure'], message: 'expect: exit 0', out: '$ kubectl rollout restart deployment/agent\nerror: <forbidden> & "denied"' },
    ]);
  });

  it('marks the step a run was interrupted in as an error, and drops characters XML cannot hold', () => {
    const events = makeEvents({ interruptAt: 'restart' });
    events.push({ type: 'output', time: '2026-11-22T08:15:12.000Z', stepId: 'restart', stream: 'stdout', text: 'bell\u0007 and escape\u001b[0m\n' });
    const junit = parse(renderJunitReport(events));
    expect(junit.root).toEqual({ tests: '3', failures: '0', errors: '1' });
    expect(junit.cases[2]).toMatchObject({ kind: ['error'], message: 'the run was interrupted during this step' });
    expect(junit.cases[2].out).toContain('bell and escape[0m');
  });
});
