import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJunitReport } from '../../engine/report/render-junit-report.js';
import { makeEvents } from '../journal/make-events.js';

/**
 * JUnit from `report --format junit` against the common JUnit schema: jenkinsci/xunit-plugin's
 * `src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd` (MIT; read at
 * commits 031e285ef3b60dee7aaf36e9096d7dcd95ffae83 and 0c3752259ca17669b739481b2785a3e4cea1cc0f,
 * the later one more permissive: `name`, `failures`, `errors` optional on <testsuite>, `time` any
 * string). The schema's text is not committed here (third-party content stays out of this
 * repository): its rules for the elements we write are transcribed below, the stricter of the
 * two versions where they differ, and the test writes them as an XSD of its own that `xmllint
 * --schema` (libxml2-utils, installed by .ci/run) validates each report against. With
 * `JUNIT_XSD=path/to/junit-10.xsd` the report is validated against that file as well.
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

/** The rules above as an XML Schema of our own (every element global, as in junit-10.xsd). */
function rulesSchema(): string {
  const time = '<xs:simpleType name="SUREFIRE_TIME"><xs:restriction base="xs:string"><xs:pattern value="(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\\.[0-9]*)?"/></xs:restriction></xs:simpleType>';
  const elements = Object.entries(RULES).map(([tag, rule]) => {
    const children = rule.children.length === 0 ? '' : `<xs:choice minOccurs="0" maxOccurs="unbounded">${rule.children.filter((child) => child in RULES).map((child) => `<xs:element ref="${child}"/>`).join('')}</xs:choice>`;
    const attributes = rule.attributes
      .map((name) => {
        const type = name === 'time' && (tag === 'testsuites' || tag === 'testsuite') ? 'SUREFIRE_TIME' : 'xs:string';
        return `<xs:attribute name="${name}" type="${type}" use="${rule.required.includes(name) ? 'required' : 'optional'}"/>`;
      })
      .join('');
    return `<xs:element name="${tag}"><xs:complexType mixed="true">${children}${attributes}</xs:complexType></xs:element>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${time}${elements.join('')}</xs:schema>\n`;
}

const xmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
if (!xmllint) console.warn('junit-schema: xmllint not found, so the reports are checked by the rules alone, not by an XSD validator (apt-get install libxml2-utils)');
const dir = mkdtempSync(join(tmpdir(), 'runbook-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(xml: string, schema: string): { status: number | null; stderr: string } {
  const file = join(dir, 'report.xml');
  writeFileSync(file, xml);
  return spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
}

describe('JUnit report against junit-10.xsd', () => {
  const reports = {
    'a failed run': renderJunitReport(makeEvents()),
    'an interrupted run': renderJunitReport(makeEvents({ interruptAt: 'restart' })),
  };
  const schema = join(dir, 'junit-10-rules.xsd');
  writeFileSync(schema, rulesSchema());

  for (const [name, xml] of Object.entries(reports)) {
    it(name, () => {
      expect(problems(parse(xml))).toEqual([]);
      if (!xmllint) return;
      const result = validate(xml, schema);
      expect(result.stderr).toContain('validates');
      expect(result.status).toBe(0);
      const xsd = process.env.JUNIT_XSD;
      if (xsd) {
        const upstream = validate(xml, xsd);
        expect(upstream.stderr).toContain('validates');
        expect(upstream.status).toBe(0);
      }
    });
  }

  it.skipIf(!xmllint)('the schema refuses what junit-10.xsd refuses (so the checks above can fail)', () => {
    for (const bad of [
      '<testsuites skipped="1"><testsuite name="a" tests="1" failures="0" errors="0"/></testsuites>',
      '<testsuites><testsuite name="a" failures="0" errors="0"/></testsuites>',
      '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" result="ok"/></testsuite></testsuites>',
      '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"><passed/></testcase></testsuite></testsuites>',
      '<testsuites time="1.5s"><testsuite name="a" tests="1" failures="0" errors="0"/></testsuites>',
    ]) {
      const result = validate(bad, schema);
      expect(result.status, bad).not.toBe(0);
      expect(result.stderr, bad).toContain('fails to validate');
    }
  });

});
