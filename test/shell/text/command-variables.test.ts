import { expect, test } from 'vitest';
import { commandVariables } from '../../../engine/shell/text/command-variables.js';

test('placeholders and upper-case references outside single quotes, comments and defaults', () => {
  expect(
    commandVariables(`kubectl get pod <pod-name> -n "$NAMESPACE" -l '$LITERAL' \${WITH_DEFAULT:-x} \${REQUIRED:?set it} $lower # $COMMENTED <commented>`),
  ).toEqual({ placeholders: ['POD_NAME'], references: ['NAMESPACE', 'REQUIRED'], sets: [] });
});

test('here-documents: unquoted bodies expand, quoted ones do not', () => {
  expect(commandVariables("cat <<EOF\n$EXPANDED <in-body>\nEOF\ncat <<-'EOF'\n\t$NOT <literal>\n\tEOF\necho $AFTER")).toEqual({
    placeholders: ['IN_BODY'],
    references: ['EXPANDED', 'AFTER'],
    sets: [],
  });
});

test('assignments, exports, read, for, mapfile, printf -v, getopts', () => {
  const { sets } = commandVariables(
    [
      'A=1 B+=2',
      'export C D=4; local E',
      'declare -x F=6',
      'read -r -p "Name? " G H',
      'read -a ARR',
      'for I in 1 2; do :; done',
      'mapfile -t J < file.txt',
      'printf -v K %s x',
      'while getopts ab L; do :; done',
      'M=$(date) kubectl get pods',
      'curl -d "N=5" > out.txt',
    ].join('\n'),
  );
  expect(sets.sort()).toEqual(['A', 'ARR', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M']);
});

test('redirections and process substitutions are not placeholders', () => {
  expect(commandVariables('sort < input.txt > out.txt; cat <<<"x"; diff <(ls) <(ls -a) 2>&1').placeholders).toEqual([]);
});
