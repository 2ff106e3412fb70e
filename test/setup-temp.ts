import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers-temp.js';

// Registered before the file's own hooks: after-hooks run in reverse order, so this runs last.
afterAll(() => removeTempDirs());
