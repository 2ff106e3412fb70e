import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJunitReport } from '../../engine/report/render-junit-report.js';
import { makeEvents } from '../journal/make-events.js';

/**
 * JUnit from `report --format junit` against the common JUnit schema: jenkinsci/xunit-plugin's
 * `src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd` (read at commit
 * 031e285ef3b60dee7aaf36e9096d7dcd95ffae83). The schema's text is not ours to commit; its rules
 * for the elements we write are stated below, and `JUNIT_XSD=path/to/junit-10.xsd` validates
 * with `xmllint --schema` (libxml2-utils) as well.
 */
const RULES: Record<string, { attributes: string[]; required: string[]; children: string[] }> = {
  testsuites: { attributes: ['name', 'time', 'tests', 'failures', 'errors'], required: [], children: ['testsuite'] },
  testsuite: {
    attributes: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
  },
  properties: { attributes: [], required: [], children: ['property'] },
  property: { attributes: ['name', 'value'], required: ['name', 'value'], children: [] },
  testcase: {
    attributes: ['name', 'time', 'classname', 'group'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', 'rerunFailure', 'rerunError', 'flakyFailure', 'flakyError', 'system-out', 'system-err'],
  },
  failure: { attributes: ['type', 'message'], required: [], children: [] },
  error: { attributes: ['type', 'message'], required: [], children: [] },
  skipped: { attributes: ['type', 'message'], required: [], children: [] },
  'system-out': { attributes: [], required: [], children: [] },
};
/** The schema's SUREFIRE_TIME, for `time` on <testsuites> and <testsuite>. */
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

interface Element {
  tag: string;
  attributes: Record<string, string>;
  children: Element[];
}

/** Parsed by Python's ElementTree (a real XML parser). */
function parse(xml: string): Element {
  const script = `
import sys, json, xml.etree.ElementTree as ET
def walk(e): return {'tag': e.tag, 'attributes': dict(e.attrib), 'children': [walk(c) for c in e]}
print(json.dumps(walk(ET.fromstring(sys.stdin.buffer.read()))))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' })) as Element;
}

function problems(element: Element, path = ''): string[] {
  const where = `${path}/${element.tag}`;
  const rule = RULES[element.tag];
  if (!rule) return [`${where}: element not in the schema`];
  const found: string[] = [];
  for (const name of Object.keys(element.attributes)) if (!rule.attributes.includes(name)) found.push(`${where}: attribute ${name} not allowed`);
  for (const name of rule.required) if (!(name in element.attributes)) found.push(`${where}: attribute ${name} required`);
  const time = element.attributes.time;
  if ((element.tag === 'testsuites' || element.tag === 'testsuite') && time !== undefined && !SUREFIRE_TIME.test(time)) found.push(`${where}: time ${time}`);
  for (const child of element.children) {
    if (!rule.children.includes(child.tag)) found.push(`${where}: child ${child.tag} not allowed`);
    found.push(...problems(child, where));
  }
  return found;
}

const dir = mkdtempSync(join(tmpdir(), 'runbook-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JUnit report against junit-10.xsd', () => {
  const reports = {
    'a failed run': renderJunitReport(makeEvents()),
    'an interrupted run': renderJunitReport(makeEvents({ interruptAt: 'restart' })),
  };
  for (const [name, xml] of Object.entries(reports)) {
    it(name, () => {
      expect(problems(parse(xml))).toEqual([]);
      const xsd = process.env.JUNIT_XSD;
      if (xsd) {
        const file = join(dir, 'report.xml');
        writeFileSync(file, xml);
        const result = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
        expect(result.stderr).toContain('validates');
        expect(result.status).toBe(0);
      }
    });
  }
});
