import { expect, test } from 'vitest';
import { findRunbookComments } from '../../engine/parse/find-runbook-comments.js';

test('finds runbook comments among other comments and HTML', () => {
  const html = '<div><!-- note --><!-- runbook id: a --></div>\n<!-- runbooks are great -->';
  expect(findRunbookComments(html)).toEqual([{ start: 18, end: 40, yaml: 'id: a ', yamlStart: 31, closed: true }]);
});

test('the settings form keeps `runbook:` as YAML; an unclosed comment is reported as such', () => {
  expect(findRunbookComments('<!--runbook:\n  shell: zsh\n-->')[0]).toMatchObject({ yaml: 'runbook:\n  shell: zsh\n', yamlStart: 4 });
  expect(findRunbookComments('<!-- runbook\nid: x\n')[0]).toMatchObject({ closed: false, yaml: '\nid: x\n' });
});

test('a comment whose YAML starts on the `runbook` line may go on over more lines', () => {
  const html = '<!-- runbook ask: "Is it the config?"\nchoices: { "Yes": a, "No": b } -->';
  const [comment] = findRunbookComments(html);
  expect(comment?.yaml).toBe('ask: "Is it the config?"\nchoices: { "Yes": a, "No": b } ');
  expect(html.slice(comment!.yamlStart).startsWith('ask:')).toBe(true);
});
