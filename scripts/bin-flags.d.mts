/** The flags of `root`/bin/runbook.js's shebang, in order (none when it names no flags). */
export function binFlags(root: string): string[];
