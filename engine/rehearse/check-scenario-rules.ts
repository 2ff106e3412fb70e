import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { Position } from 'unist';
import { reportProblem } from '../graph/report-problem.js';
import type { YamlPath } from '../parse/types.js';
import { globCovers } from './compile-glob.js';
import type { Rule } from './scenario.js';
import { UNSAFE_PASSTHROUGH } from './unsafe-passthrough.js';
import { warnWritingPassthrough } from './guard-passthrough-check.js';

type Place = (path: YamlPath, part?: 'key' | 'value') => Position;

/**
 * Rules that can never answer, bad globs, and passthrough tools that would break containment.
 * `initial` is the initial state; rules are in file order.
 */
export function checkScenarioRules(file: VFile, place: Place, rules: Rule[], initial: Record<string, string>, passthrough: string[]): void {
  passthrough.forEach((name, index) => {
    const why = UNSAFE_PASSTHROUGH.get(name);
    if (why) reportProblem(file, `Unexpected passthrough \`${name}\`: ${why}, so running it for real could reach the real system; simulate it with rules instead`, place(['passthrough', index]), 'scenario-passthrough');
  });
  warnWritingPassthrough(file, place, passthrough);

  const reachable = new Map<string, Set<string>>();
  const add = (name: string, value: string): void => {
    if (!reachable.has(name)) reachable.set(name, new Set());
    reachable.get(name)!.add(value);
  };
  for (const [name, value] of Object.entries(initial)) add(name, value);
  for (const rule of rules) for (const [name, value] of Object.entries(rule.set)) add(name, value);

  for (const rule of rules) {
    const at = (path: YamlPath, part: 'key' | 'value' = 'value') => place(['commands', rule.index, ...path], part);
    if (/[\r\n]/.test(rule.run) || rule.run.trim() === '' || rule.run !== rule.run.trim()) {
      reportProblem(file, `Unexpected glob \`${rule.run}\`, expected command words without leading or trailing spaces or line breaks`, at(['run']), 'scenario-glob');
      continue;
    }
    if (passthrough.includes(rule.run.split(' ')[0]!)) {
      reportProblem(file, `Unexpected rule for \`${rule.run.split(' ')[0]}\`: it is a passthrough tool, so it runs for real and this rule never answers`, at(['run']), 'scenario-dead-rule', {
        fatal: false,
      });
    }
    let dead = false;
    for (const [name, values] of Object.entries(rule.when)) {
      const known = reachable.get(name);
      if (!known) {
        reportProblem(file, `Unexpected state variable \`${name}\` in \`when\`: it is neither in \`state\` nor set by any rule, so this rule never answers`, at(['when', name], 'key'), 'scenario-dead-rule');
        dead = true;
      } else if (!values.some((value) => known.has(value))) {
        const list = values.map((v) => `\`${v}\``).join(', ');
        reportProblem(
          file,
          `Unexpected \`when: { ${name}: ${values.length === 1 ? values[0] : `[${values.join(', ')}]`} }\`: \`${name}\` starts as ${initial[name] === undefined ? 'unset' : `\`${initial[name]}\``} and no rule sets it to ${list}, so this rule never answers`,
          at(['when', name]),
          'scenario-dead-rule',
        );
        dead = true;
      }
    }
    if (dead) continue;
    const shadow = rules.slice(0, rule.index).find((earlier) => earlier.times === undefined && globCovers(earlier.run, rule.run) && looser(earlier.when, rule.when));
    if (shadow) {
      reportProblem(
        file,
        `Unexpected rule: it never answers, rule ${shadow.index + 1} (\`${shadow.run}\`) comes first and answers every command this one matches${Object.keys(shadow.when).length > 0 ? ' in the same states' : ''}`,
        at(['run']),
        'scenario-dead-rule',
        { cause: new VFileMessage('Earlier rule defined here', { place: place(['commands', shadow.index, 'run']), ruleId: 'scenario-dead-rule', source: 'runbook' }) },
      );
    }
  }
}

/** True when `a` holds in every state where `b` holds. */
function looser(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  return Object.entries(a).every(([name, values]) => b[name] !== undefined && b[name]!.every((value) => values.includes(value)));
}
