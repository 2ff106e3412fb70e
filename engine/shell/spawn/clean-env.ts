/** An environment as a command gets it: the names that hold a value (`process.env` may hold undefined). */
export function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') clean[name] = value;
  return clean;
}
