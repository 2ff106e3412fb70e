import type { WorldSnapshot } from '../contracts/run-event.js';
import type { Rule, Scenario } from './scenario.js';

/** How the world answers one command. */
export interface Answer {
  /** False when no rule answers: the command is refused (exit 127, nothing was run). */
  answered: boolean;
  stdout: string;
  stderr: string;
  exit: number;
  delayMs: number;
  /** The rule that answered (its index in `commands:`). */
  rule?: number;
}

export interface World {
  /** Answers a command given as its words; a matching rule's `set` changes the state. */
  answer(argv: string[]): Answer;
  /** The current state (a copy). */
  state(): Record<string, string>;
  /** Every command asked so far, in order, with the rule that answered (or undefined). */
  log(): { command: string; rule?: number }[];
  /** State and rule counts, to journal and to start a resumed rehearsal from. */
  snapshot(): WorldSnapshot;
}

/**
 * The simulated world: pure state plus the scenario's rules. The first rule whose glob
 * matches the words joined by spaces, whose `when` holds and whose `times` is not used up
 * answers; its `set` then changes the state for later commands.
 */
export function createWorld(scenario: Scenario, from?: WorldSnapshot): World {
  const state: Record<string, string> = { ...scenario.state, ...from?.state };
  const used = new Map<number, number>(Object.entries(from?.used ?? {}).map(([index, count]) => [Number(index), count]));
  const asked: { command: string; rule?: number }[] = [];

  const holds = (rule: Rule): boolean =>
    Object.entries(rule.when).every(([name, values]) => state[name] !== undefined && values.includes(state[name]!));

  return {
    answer(argv) {
      const command = argv.join(' ');
      for (const rule of scenario.rules) {
        if (!rule.pattern.test(command) || !holds(rule)) continue;
        const count = used.get(rule.index) ?? 0;
        if (rule.times !== undefined && count >= rule.times) continue;
        used.set(rule.index, count + 1);
        Object.assign(state, rule.set);
        asked.push({ command, rule: rule.index });
        return { answered: true, stdout: rule.stdout, stderr: rule.stderr, exit: rule.exit, delayMs: rule.delayMs, rule: rule.index };
      }
      asked.push({ command });
      return {
        answered: false,
        stdout: '',
        stderr: `rehearsal: \`${command}\` is not answered by scenario ${scenario.name}; nothing was run\n`,
        exit: 127,
        delayMs: 0,
      };
    },
    state: () => ({ ...state }),
    log: () => asked.map((entry) => ({ ...entry })),
    snapshot: () => ({ state: { ...state }, used: Object.fromEntries([...used].map(([index, count]) => [String(index), count])) }),
  };
}
