import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';

const SUFFIX = '.scenario.yaml';

/**
 * The scenario file for `runbook run FILE --rehearse NAME_OR_PATH`. A value that names an
 * existing file (or contains a `/`, or ends in `.yaml`/`.yml`) is a path. Otherwise it is a
 * name, looked for beside the runbook, first match wins:
 * `<dir>/<runbook>.<name>.scenario.yaml`, `<dir>/<name>.scenario.yaml`,
 * `<dir>/scenarios/<runbook>.<name>.scenario.yaml`, `<dir>/scenarios/<name>.scenario.yaml`.
 * Throws an Error naming the places looked at and the scenarios available.
 */
export function findScenario(runbookPath: string, nameOrPath: string): string {
  if (isFile(nameOrPath)) return nameOrPath;
  if (nameOrPath.includes('/') || /\.ya?ml$/.test(nameOrPath)) {
    throw new Error(`scenario file \`${nameOrPath}\` does not exist`);
  }
  const candidates = scenarioCandidates(runbookPath, nameOrPath);
  const found = candidates.find(isFile);
  if (found) return found;
  const available = listScenarios(runbookPath);
  const list = available.length > 0 ? `; available: ${available.map((a) => a.name).join(', ')}` : '; there are no scenarios beside the runbook';
  throw new Error(`no scenario \`${nameOrPath}\` for ${runbookPath} (looked for ${candidates.map((c) => relative(process.cwd(), c) || c).join(', ')})${list}`);
}

function scenarioCandidates(runbookPath: string, name: string): string[] {
  const dir = dirname(resolve(runbookPath));
  const stem = basename(runbookPath, extname(runbookPath));
  return [
    join(dir, `${stem}.${name}${SUFFIX}`),
    join(dir, `${name}${SUFFIX}`),
    join(dir, 'scenarios', `${stem}.${name}${SUFFIX}`),
    join(dir, 'scenarios', `${name}${SUFFIX}`),
  ];
}

/** Scenarios beside a runbook (its own `<runbook>.<name>.scenario.yaml` first, then plain `<name>.scenario.yaml`), by name. */
export function listScenarios(runbookPath: string): { name: string; path: string }[] {
  const dir = dirname(resolve(runbookPath));
  const stem = basename(runbookPath, extname(runbookPath));
  const found: { name: string; path: string }[] = [];
  for (const folder of [dir, join(dir, 'scenarios')]) {
    let entries: string[];
    try {
      entries = readdirSync(folder).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.endsWith(SUFFIX)) continue;
      const bare = entry.slice(0, -SUFFIX.length);
      if (bare.startsWith(`${stem}.`)) found.push({ name: bare.slice(stem.length + 1), path: join(folder, entry) });
      else if (!bare.includes('.')) found.push({ name: bare, path: join(folder, entry) });
    }
  }
  return found;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
