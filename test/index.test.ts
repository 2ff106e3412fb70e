import { expect, it } from 'vitest';
import * as engine from '../engine/index.js';

it('exports the public API, and only it', () => {
  expect(Object.keys(engine).sort()).toEqual([
    'ResumeRefused',
    'buildStepGraph',
    'checkRunbook',
    'createBashExecutor',
    'createCoach',
    'createMasker',
    'createRehearsalExecutor',
    'createSession',
    'createUnattendedOperator',
    'debrief',
    'defaultJournalDir',
    'findScenario',
    'listRuns',
    'loadRunbook',
    'loadScenario',
    'openJournal',
    'parseRunbook',
    'planResume',
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
    'runSession',
    'summarizeRun',
  ]);
});
