/**
 * Where each input given at the start comes from, for the inputs panel: the scenario's
 * `inputs:`, the alert's labels (`--alert`), or `--input` (which wins over both, as in the
 * session). Defaults are recognised by the TUI itself (the value is the declared default).
 */
export function inputSources(given: { flags: Record<string, string>; scenario?: Record<string, string>; alert?: Record<string, string> }): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const name of Object.keys(given.scenario ?? {})) sources[name] = "the scenario's inputs";
  for (const name of Object.keys(given.alert ?? {})) sources[name] = "the alert's labels (--alert)";
  for (const [name, value] of Object.entries(given.flags)) {
    // The alert's inputs reach the run among the given ones: the same value is the alert's.
    if (given.alert?.[name] !== value) sources[name] = '--input';
  }
  return sources;
}
