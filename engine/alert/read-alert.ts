import { parseDocument } from 'yaml';
import type { RunAlert } from '../contracts/run-event.js';

/** A payload that names no usable alert: the message says where and why (exit 2, nothing run). */
export class AlertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertError';
  }
}

interface Candidate {
  alert: RunAlert;
  firing: boolean;
}

/**
 * The alert a run starts from: an Alertmanager webhook payload (version 4: `alerts[]` with
 * `labels`, `annotations`, `startsAt`, `fingerprint`, `status`) or the JSON `amtool alert query
 * -o json` prints (an array; `status.state` is `active` when firing). The alert `fingerprint`
 * names, else the first firing one. `source` names the payload in messages (`alert.json`, `-`).
 */
export function readAlert(text: string, source: string, fingerprint?: string): RunAlert {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new AlertError(`${source}:${jsonPlace(text, error)}: Unexpected alert payload, expected JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const candidates = alertsOf(payload, source);
  if (fingerprint !== undefined) {
    const named = candidates.find((candidate) => candidate.alert.fingerprint === fingerprint);
    if (!named) throw new AlertError(`${source}: no alert with fingerprint \`${fingerprint}\`, expected one of ${candidates.map((c) => `\`${c.alert.fingerprint}\``).join(', ') || 'none'}`);
    if (!named.firing) throw new AlertError(`${source}: alert \`${named.alert.name}\` (${fingerprint}) is ${named.alert.status ?? 'not firing'}, expected a firing alert`);
    return named.alert;
  }
  const firing = candidates.find((candidate) => candidate.firing);
  if (!firing) {
    throw new AlertError(`${source}: no firing alert in the payload (${candidates.length} alert${candidates.length === 1 ? '' : 's'}, ${candidates.map((c) => c.alert.status ?? '?').join(', ')}), expected one that fires`);
  }
  return firing.alert;
}

function alertsOf(payload: unknown, source: string): Candidate[] {
  let list: unknown[];
  let amtool = false;
  if (Array.isArray(payload)) {
    list = payload;
    amtool = true;
  } else if (isRecord(payload) && Array.isArray(payload.alerts)) {
    if (payload.version !== undefined && payload.version !== '4') {
      throw new AlertError(`${source}: Unexpected webhook payload version \`${String(payload.version)}\`, expected \`4\``);
    }
    list = payload.alerts;
  } else {
    throw new AlertError(`${source}: Unexpected alert payload, expected an Alertmanager webhook payload (\`alerts\`: [...]) or the output of \`amtool alert query -o json\``);
  }
  if (list.length === 0) throw new AlertError(`${source}: no alert in the payload, expected at least one`);
  return list.map((raw, index) => candidate(raw, `${source}: alert ${index + 1}`, amtool));
}

function candidate(raw: unknown, where: string, amtool: boolean): Candidate {
  if (!isRecord(raw) || !isStringMap(raw.labels)) throw new AlertError(`${where}: Unexpected alert, expected \`labels\` with string values`);
  if (typeof raw.labels.alertname !== 'string') throw new AlertError(`${where}: Unexpected alert without \`alertname\` label`);
  const annotations = isStringMap(raw.annotations) ? raw.annotations : {};
  const status = amtool ? (isRecord(raw.status) && typeof raw.status.state === 'string' ? raw.status.state : undefined) : typeof raw.status === 'string' ? raw.status : undefined;
  const alert: RunAlert = { name: raw.labels.alertname, labels: { ...raw.labels } };
  if (Object.keys(annotations).length > 0) alert.annotations = { ...annotations };
  if (annotations.runbook_url) alert.url = annotations.runbook_url;
  if (typeof raw.fingerprint === 'string') alert.fingerprint = raw.fingerprint;
  if (typeof raw.startsAt === 'string') alert.startsAt = raw.startsAt;
  if (status) alert.status = status;
  return { alert, firing: amtool ? status === 'active' : status === 'firing' };
}

/** `line:column` of a JSON syntax error: Node's `at position N` when it says so, else the YAML parser's (JSON is YAML). */
function jsonPlace(text: string, error: unknown): string {
  const said = /position (\d+)/.exec(String((error as Error).message))?.[1];
  if (said === undefined) {
    const place = parseDocument(text).errors[0]?.linePos?.[0];
    if (place) return `${place.line}:${place.col}`;
  }
  const before = text.slice(0, Number(said ?? text.length)).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}
