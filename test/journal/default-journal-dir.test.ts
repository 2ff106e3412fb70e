import { describe, expect, it } from 'vitest';
import { defaultJournalDir } from '../../engine/journal/default-journal-dir.js';

describe('defaultJournalDir', () => {
  it('uses $XDG_STATE_HOME/runbook, else ~/.local/state/runbook', () => {
    expect(defaultJournalDir({ XDG_STATE_HOME: '/var/state', HOME: '/home/ana' })).toBe('/var/state/runbook');
    expect(defaultJournalDir({ HOME: '/home/ana' })).toBe('/home/ana/.local/state/runbook');
    // the XDG spec says relative paths are invalid and must be ignored
    expect(defaultJournalDir({ XDG_STATE_HOME: 'relative', HOME: '/home/ana' })).toBe('/home/ana/.local/state/runbook');
  });
});
