/** `crashloop` for `…/agent-not-responding.crashloop.scenario.yaml` beside `agent-not-responding.md`. */
export function scenarioName(scenario: string, runbook: string): string {
  const base = scenario.split(/[\\/]/).pop() ?? scenario;
  const runbookBase = (runbook.split(/[\\/]/).pop() ?? '').replace(/\.md$/i, '');
  let name = base.replace(/\.scenario\.ya?ml$/i, '').replace(/\.ya?ml$/i, '');
  if (runbookBase && name.startsWith(`${runbookBase}.`)) name = name.slice(runbookBase.length + 1);
  return name || base;
}
