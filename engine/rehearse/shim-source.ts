/**
 * The source of a shim: a tiny Node script (CommonJS, no dependencies) that sends its
 * command words to the simulated world over a Unix socket and replays the answer: waits the
 * rule's delay, writes stdout and stderr, exits with the rule's code. `name` is the command
 * it stands for; without one (the `command_not_found_handle` shim) its arguments are the
 * whole command.
 */
export function shimSource(nodePath: string, name?: string): string {
  return `#!${nodePath}
'use strict';
const net = require('net');
const argv = ${JSON.stringify(name === undefined ? [] : [name])}.concat(process.argv.slice(2));
const fail = (why) => { process.stderr.write('rehearsal: \`' + argv.join(' ') + '\`: ' + why + '; nothing was run\\n'); process.exit(127); };
const socket = process.env.RUNBOOK_WORLD_SOCKET;
if (!socket) fail('the simulated world is not reachable (RUNBOOK_WORLD_SOCKET is unset)');
let reply = '';
const connection = net.connect(socket);
connection.setEncoding('utf8');
connection.on('error', (error) => fail('the simulated world is not reachable (' + error.message + ')'));
connection.on('data', (chunk) => { reply += chunk; });
connection.on('end', () => {
  let answer;
  try { answer = JSON.parse(reply); } catch { fail('the simulated world gave no answer'); }
  setTimeout(() => {
    process.exitCode = answer.exit;
    if (answer.stdout) process.stdout.write(answer.stdout);
    if (answer.stderr) process.stderr.write(answer.stderr);
  }, answer.delayMs);
});
connection.end(JSON.stringify({ argv }) + '\\n');
`;
}
