import { describe, expect, it } from 'vitest';
import { simpleCommands } from '../../../engine/shell/text/simple-commands.js';

const globs = (text: string) => simpleCommands(text).map((command) => command.glob);

describe('simpleCommands', () => {
  it('finds the external commands of pipelines, lists and substitutions, in order', () => {
    expect(globs('kubectl get pods -n "$NAMESPACE" | grep -c agent # kubectl delete')).toEqual(['kubectl get pods -n *', 'grep -c agent *']);
    expect(globs('POD=$(kubectl get pods -o name | head -1); echo "$POD" && cd /tmp')).toEqual(['kubectl get pods -o name *', 'head -1 *']);
    expect(globs("cat <<EOF\nhello $X | nothere\nEOF\ncurl -s 'http://x' || echo failed")).toEqual(['cat *', 'curl -s *']);
    expect(globs('if systemctl is-active nginx >/dev/null 2>&1; then LANG=C date; fi')).toEqual(['systemctl is-active nginx *', 'date *']);
    expect(globs('exec sudo "$CMD" &')).toEqual(['sudo *']);
  });

  it('leaves out builtins, keywords and commands named by a variable', () => {
    expect(globs('export A=1; cd /srv; [ -f x ] && printf "%s" y; $TOOL run; read -r line; [[ -n $A ]]')).toEqual([]);
  });
});
