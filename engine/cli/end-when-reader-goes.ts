/**
 * `runbook list FILE | head -1`: when the reader of stdout or stderr goes away, the next write
 * fails with EPIPE, which Node raises as an unhandled 'error' event (a stack trace, exit 1).
 * Instead the command ends quietly: a run in progress is stopped as by SIGTERM (its step's
 * process tree stopped, the journal closed, resumable); any other command exits at once with
 * the status it has so far (0 unless it already failed), as `git log | head` does.
 */
export function endWhenReaderGoes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  let gone = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (gone) return;
    gone = true;
    // At once (not process.kill): the run's handler aborts before the loop can start another step.
    if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM', 'SIGTERM');
    else process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  };
  for (const stream of streams) stream.on('error', onError);
}
