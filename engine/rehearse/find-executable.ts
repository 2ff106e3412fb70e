import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute, symlink-free path of an executable found on `searchPath`, or undefined. */
export function findExecutable(name: string, searchPath: string = process.env.PATH ?? ''): string | undefined {
  const dirs = [...searchPath.split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir.startsWith('/')) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) continue;
      return realpathSync(candidate);
    } catch {
      // Not here.
    }
  }
  return undefined;
}
