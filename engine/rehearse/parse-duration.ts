const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `5m`, `1h`, `1m30s` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(compact)) return undefined;
  let total = 0;
  for (const match of compact.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(match[1]) * UNIT_MS[match[2]!]!;
  return Math.round(total);
}
