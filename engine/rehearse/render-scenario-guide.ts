import type { ExpectedRoute } from '../contracts/debrief.js';
import type { Scenario } from './scenario.js';

/**
 * The facilitator's view of a scenario (`runbook scenario show FILE`): what the world is, the
 * route the trainee is expected to take (with the answers it gives), the hints and when they
 * come, and what each rule simulates.
 */
export function renderScenarioGuide(scenario: Scenario, route: ExpectedRoute, secretNames: ReadonlySet<string> = new Set()): string {
  const lines = [`Scenario ${scenario.name}${scenario.runbook ? ` (runbook ${scenario.runbook})` : ''}`];
  if (scenario.summary) lines.push(scenario.summary.trim());
  const goal = scenario.goal;
  if (goal) lines.push(`Goal: ${[goal.reach && `reach \`${goal.reach}\``, goal.outcome && `end ${goal.outcome}`, goal.withinMs !== undefined && `within ${minutes(goal.withinMs)}`].filter(Boolean).join(', ')}`);
  lines.push(`Starting state: ${Object.entries(scenario.state).map(([name, value]) => `${name}=${value}`).join(', ') || '(none)'}`);
  if (Object.keys(scenario.inputs).length > 0) lines.push(`Inputs: ${Object.entries(scenario.inputs).map(([name, value]) => `${name}=${secretNames.has(name) ? '••••••' : value}`).join(', ')}`);
  const decisions = Object.entries(scenario.decisions ?? {});
  if (decisions.length > 0) {
    lines.push('Decisions (an unattended drill makes them, in order, at each step):');
    for (const [stepId, entries] of decisions) lines.push(`  ${stepId}: ${entries.join(', ')}`);
  }
  lines.push('', 'Expected route:');
  route.visits.forEach((visit, i) => {
    const decided = visit.choice && scenario.decisions?.[visit.stepId] ? ` — decided “${visit.choice}”` : '';
    const answer = visit.choice && scenario.answers[visit.stepId] ? ` — answer “${visit.choice}”` : decided;
    const why = visit.why && !answer ? ` — ${visit.why}` : '';
    lines.push(`  ${String(i + 1).padStart(2)}. ${visit.stepId}${answer}${why}`);
  });
  lines.push(`  → ${route.outcome ?? 'no outcome'}${route.message ? ` (${route.message})` : ''}`);
  lines.push('', scenario.hints.length > 0 ? 'Hints:' : 'Hints: none');
  for (const hint of scenario.hints) lines.push(`  after ${minutes(hint.afterMs)}: ${hint.text}`);
  lines.push('', 'What the world answers (first matching rule wins):');
  for (const rule of scenario.rules) {
    const when = Object.entries(rule.when).map(([name, values]) => `${name}=${values.join('|')}`).join(', ');
    const effects = [rule.exit !== 0 && `exit ${rule.exit}`, Object.keys(rule.set).length > 0 && `sets ${Object.entries(rule.set).map(([n, v]) => `${n}=${v}`).join(', ')}`, rule.delayMs > 0 && `takes ${minutes(rule.delayMs)}`, rule.times !== undefined && `${rule.times}× only`]
      .filter(Boolean)
      .join('; ');
    const first = (rule.stdout || rule.stderr).split('\n')[0] ?? '';
    lines.push(`  ${rule.run}${when ? ` [when ${when}]` : ''}${effects ? ` — ${effects}` : ''}${first ? ` — prints “${first.length > 60 ? `${first.slice(0, 59)}…` : first}”` : ''}`);
  }
  if (scenario.passthrough.length > 0) lines.push(`Run for real: ${scenario.passthrough.join(', ')}`);
  return lines.join('\n') + '\n';
}

function minutes(ms: number): string {
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
