/** Writing the journal failed (disk full, file too large, quota): the caller stops the run. */
export class JournalError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EFBIG: 'file too large (file size limit reached)',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
};

/** `journal: no space left on device writing <path>` from a Node system error. */
export function journalErrorFrom(error: unknown, action: string, path: string): JournalError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new JournalError(`journal: ${reason} ${action} ${path}`, path, code);
}
