/** Output shortened for a report: the first and last lines, with how much was left out. */
export interface TrimmedOutput {
  text: string;
  /** `23 of 150 lines shown`, or undefined when nothing was cut. */
  note?: string;
}

export function trimOutput(output: string, options: { head?: number; tail?: number; maxLineLength?: number } = {}): TrimmedOutput {
  const head = options.head ?? 10;
  const tail = options.tail ?? 10;
  const maxLineLength = options.maxLineLength ?? 300;
  const lines = output.replace(/\n$/, '').split('\n');
  let cutLines = 0;
  const shorten = (line: string) => {
    if (line.length <= maxLineLength) return line;
    cutLines += 1;
    return `${line.slice(0, maxLineLength)}…`;
  };
  if (lines.length <= head + tail + 1) {
    const text = lines.map(shorten).join('\n');
    return cutLines ? { text, note: `${cutLines} long line${cutLines === 1 ? '' : 's'} cut` } : { text };
  }
  const omitted = lines.length - head - tail;
  const text = [...lines.slice(0, head).map(shorten), `… ${omitted} lines omitted …`, ...lines.slice(-tail).map(shorten)].join('\n');
  return { text, note: `${head + tail} of ${lines.length} lines shown; the full output is in the journal` };
}
