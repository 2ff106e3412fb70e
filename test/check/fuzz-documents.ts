/**
 * Generated runbooks and scenarios for the fuzz tests: pieces of runbook-shaped Markdown,
 * annotations (valid and not), shell text, pathological constructs, and byte-level mutations.
 * `npm test` checks a few hundred (seeded); `npm run fuzz` checks 20,000.
 */
const pieces = [
  '# Title\n',
  '## Section\n',
  '### Section {#custom-id}\n',
  'Some prose with `code` and <b>html</b>, *emphasis* and [a link](https://example.com).\n',
  '```bash\necho "$NAME" <thing>\n```\n',
  '~~~sh\ncat <<EOF\n$X\nEOF\n~~~\n',
  '```console\n$ ls\n> -la\nfile\n```\n',
  '```output\nok\n...\n[..] done\n```\n',
  '```sh {name=cell interactive=true}\ntrue\n```\n',
  '```bash\nunclosed\n',
  '```sh\necho $(( <retries> * 2 )) `<pod_name>` ${A:-x} "$(date)" | tail -1\n[[ $N -gt 5 ]] && let x=1\n```\n',
  '```sh\nfor i in 1 2; do echo $i; done; case $x in a) ;; esac\n```\n',
  '<!-- runbook id: a -->\n',
  '<!-- runbook\nask: Q?\nchoices: { "Yes": next, "No": "#section" }\n-->\n',
  '<!-- runbook\nbranch:\n  - when: { stdout: /x(/ }\n    goto: a\n  - else: end:done\non-failure: continue\n-->\n',
  '<!-- runbook\nexpect: { json: { "$.a[": 1, "$.n": { greater: 1 } }, exit: [1, 300] }\ncapture: { V: { regex: "(", json: "$" } }\n-->\n',
  '<!-- runbook\nretry: { attempts: 3, delay: 1s, until: { stdout: ok } }\ntimeout: 5x\nsecret: [PASWORD]\n-->\n',
  '<!-- runbook goto: "#nowhere" -->\n',
  '<!-- runbook goto: a -->\n',
  '<!-- runbook\n  bad: [yaml\n-->\n',
  '<!-- runbook\nrunbook:\n  inputs: { N: { default: 1, type: integer }, C: { choices: [a, b] } }\n-->\n',
  '<!-- runbook',
  '<!-- runbook end: resolved -->\n',
  '<!-- runbook manual: "Page someone" -->\n',
  '- item\n\n  ```sh\n  echo in list\n  ```\n',
  '> quote\n>\n> <!-- runbook\n> timeout: 5x\n> -->\n> ```sh\n> echo\n> ```\n',
  '---\nrunbook: { timeout: 1m }\n---\n',
  '\n',
  '| a | b |\n| - | - |\n| 1 | 2 |\n',
  '1. Run `kubectl get pods`\n2. If the pod is failing, restart it.\n',
];

/** Constructs that are slow or deep for a Markdown parser, kept small enough to stay fast. */
const hostile = [
  () => '> '.repeat(40) + 'x\n',
  () => '*'.repeat(600) + 'x' + '*'.repeat(600) + '\n',
  () => '['.repeat(300) + 'x' + '](u)'.repeat(300) + '\n',
  () => '|a'.repeat(250) + '|\n' + '|-'.repeat(250) + '|\n',
  () => '- '.repeat(50) + 'x\n',
  () => '<!-- runbook\nid: ' + '['.repeat(2000) + '\n-->\n',
  () => '```sh\n' + '$('.repeat(500) + '\n```\n',
  () => '```sh\n' + '"'.repeat(501) + "'".repeat(3) + '\n```\n',
  () => '\u001b[2J\u0007 \u0000 \uFEFF \uD800\n',
];

export type Random = () => number;

export function seeded(seed: number): Random {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A document: pieces in random order, sometimes a hostile construct, sometimes bytes mutated. */
export function makeDocument(random: Random): string {
  const parts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => (random() < 0.08 ? pick(random, hostile)() : pick(random, pieces)));
  let text = parts.join(random() < 0.5 ? '\n' : '');
  const mutations = random() < 0.3 ? 1 + Math.floor(random() * 4) : 0;
  for (let index = 0; index < mutations && text.length > 0; index++) {
    const at = Math.floor(random() * text.length);
    const kind = random();
    if (kind < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    else if (kind < 0.8) text = text.slice(0, at) + pick(random, ['`', '<', '>', '-', '\n', '{', '}', '[', ']', '"', "'", '$', '#', ':', '*']) + text.slice(at);
    else text = text.slice(0, at) + text.slice(at, at + 20).repeat(2 + Math.floor(random() * 3)) + text.slice(at + 20);
  }
  return text;
}

const scenarioPieces = [
  'scenario: s\n',
  'runbook: ./r.md\n',
  'state: broken\n',
  'commands:\n  - run: kubectl get pods *\n    when: { state: broken }\n    stdout: |\n      x\n  - run: curl *\n    exit: 22\n    set: { state: fixed }\n',
  'commands: [ { run: "*", delay: 5x } ]\n',
  'passthrough: [jq, grep, awk, sed, sort]\n',
  'goal: { reach: nowhere, outcome: resolved, within: 15m }\n',
  'hints:\n  - after: 3m\n    text: Read the logs.\n',
  'inputs: { N: 1, BASH_ENV: evil }\n',
  'answers: { a: "Yes" }\n',
  'bad: [yaml\n',
];

export function makeScenario(random: Random): string {
  return Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(random, scenarioPieces)).join('');
}
