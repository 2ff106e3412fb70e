/**
 * A program by its absolute path: the first executable `name` on `PATH`, else in the usual
 * system directories (an operator's PATH may leave out what the runner itself needs, such as
 * `mkfifo`). Undefined when there is none.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'];

export function findProgram(name: string, pathVariable: string | undefined): string | undefined {
  const dirs = [...(pathVariable ?? '').split(path.delimiter), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    if (!path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
