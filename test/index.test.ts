import { expect, it } from 'vitest';
import * as engine from '../engine/index.js';

it('exports the public API, and only it', () => {
  expect(Object.keys(engine).sort()).toEqual([
    'buildStepGraph',
    'checkRunbook',
    'createBashExecutor',
    'createCoach',
    'createMasker',
    'createRehearsalExecutor',
    'createUnattendedOperator',
    'debrief',
    'defaultJournalDir',
    'findScenario',
    'listRuns',
    'loadRunbook',
    'loadScenario',
    'openJournal',
    'parseRunbook',
    'preflight',
    'readJournal',
    'renderDebrief',
    'renderJsonReport',
    'renderJunitReport',
    'renderMarkdownReport',
    'requiredInputs',
    'resumePoint',
    'rewritePlaceholders',
    'runGraph',
    'summarizeRun',
  ]);
});
