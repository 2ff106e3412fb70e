import { describe, expect, it } from 'vitest';
import { mayChangeShellState } from '../../../engine/shell/text/may-change-shell-state.js';

describe('mayChangeShellState', () => {
  it.each([
    'export A=1',
    'A=1',
    'cd /tmp',
    'pushd /tmp',
    'popd',
    'source ./env.sh',
    '. ./env.sh',
    'x; . env.sh',
    'read -r line < file',
    'kubectl get pods | read -r first',
    'mapfile -t lines < file',
    'readarray lines',
    'printf -v out %s x',
    'unset HOME',
    'declare -x A',
    'typeset A',
    'readonly A',
    'eval "$CMD"',
    'let n++',
    '(( n++ ))',
    'echo $((n++))',
    'echo $[n+1]',
    'echo ${A:=default}',
    'for f in *; do :; done',
    'select x in a b; do break; done',
    'getopts ab opt',
    'wait -n -p pid',
    'exec {fd}>file',
    'set -a',
    'coproc cat',
    "trap 'x' EXIT",
    'f() {\n  cd /tmp\n}\nf',
    '[[ $x =~ y ]]',
  ])('may: %s', (command) => {
    expect(mayChangeShellState(command)).toBe(true);
  });

  it.each([
    'echo step 1',
    'kubectl get pods -n prod | grep CrashLoopBackOff',
    'curl -fsS http://localhost:8080/healthz',
    'cat README.md',
    'ls ./dir',
    'grep -r thread-read src',
    'echo "all ready" && true',
    'docker ps --format "{{.Names}}"',
  ])('cannot: %s', (command) => {
    expect(mayChangeShellState(command)).toBe(false);
  });
});
