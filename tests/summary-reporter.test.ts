// The last line of a test run (tests/summary-reporter.ts) counts tests that passed, failed and were
// skipped, and a file whose set-up failed, whose tests vitest then skips.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';

it('counts a file that failed outside its tests, so that the line does not read as a clean run', () => {
  const vitest = path.join('node_modules', 'vitest', 'vitest.mjs');
  const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'tests/fixtures/reporter/vitest.config.ts'], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed, 2 skipped, 1 file failed outside their tests');
});
