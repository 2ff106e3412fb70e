import type { Code, Nodes, Parents } from 'mdast';
import type { VFile } from 'vfile';
import { codeBlockIsCommands, UNLABELLED_LANGS } from './lift-code-block.js';
import { fenceLanguage, jsLang, shellLang } from './fence-language.js';
import type { Lifted } from './lift-items.js';

/**
 * `check`'s hints (info messages) where commands are not steps: prose commands and unlabelled
 * shell-looking blocks in a document that has shell fences (`--lift` makes them steps), and,
 * in a document left with no step, fences in other languages whose lines are commands, and
 * JavaScript/TypeScript fences, which run (through zx) only when marked `run: true`.
 */
export function reportLiftHints(tree: Parents, file: VFile, lifted: Lifted[], steps: number): void {
  const hint = (reason: string, place: Nodes | undefined) => {
    const message = file.info(reason, { place: place?.position, ruleId: 'lift-hint', source: 'runbook' });
    message.fatal = undefined;
  };
  const commands = lifted.filter((entry) => entry.item.kind === 'fence');
  if (steps > 0 && commands.length > 0) {
    const blocks = commands.filter((entry) => entry.item.kind === 'fence' && entry.item.fence.node.type === 'code' && entry.item.fence.node.lang !== 'bash').length;
    const first = commands[0]!.item;
    hint(
      `${commands.length} ${commands.length === 1 ? 'command' : 'commands'} in prose or unlabelled code blocks ${commands.length === 1 ? 'is' : 'are'} not ${commands.length === 1 ? 'a step' : 'steps'}${blocks > 0 ? ` (${blocks} in code blocks with no shell language)` : ''}, expected \`--lift\` to run ${commands.length === 1 ? 'it' : 'them'}, or \`runbook lift ${file.path ?? 'FILE'}\` to write ${commands.length === 1 ? 'it' : 'them'} out`,
      first.kind === 'fence' ? first.fence.node : undefined,
    );
  }
  if (steps > 0) return;
  const visit = (parent: Parents) => {
    for (const node of parent.children as Nodes[]) {
      if (node.type === 'code') otherLanguage(node);
      else if ('children' in node) visit(node);
    }
  };
  const otherLanguage = (node: Code) => {
    const lang = fenceLanguage(node);
    if (jsLang(node)) {
      hint(`Unexpected \`${lang}\` fence with no \`run: true\`: it is documentation, expected \`<!-- runbook run: true -->\` before it (or \`\`\`${lang} {run=true}\`) to run it through zx`, node);
      return;
    }
    if (shellLang(node) || UNLABELLED_LANGS.has(lang) || lang === 'output' || !codeBlockIsCommands(node.value)) return;
    hint(`Unexpected shell commands in a \`${lang}\` fence, expected \`bash\` (or \`console\`) for them to be a step`, node);
  };
  visit(tree);
}
