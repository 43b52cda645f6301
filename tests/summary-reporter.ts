// Ends a test run with one plain line, `N passed, N failed` (and skipped when any), that any CI
// can read without knowing vitest's own output. A file that failed outside its tests (a set-up hook
// that threw or timed out, an import that failed) and errors no test caught are counted too: its
// tests are then skipped, not failed, and the line must not read as a clean run.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let brokenFiles = 0;
    for (const m of modules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++, failedHere++;
        else counts.skipped++;
      }
      if (m.state() === 'failed' && failedHere === 0) brokenFiles++;
    }
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
    const files = brokenFiles ? `, ${brokenFiles} ${brokenFiles === 1 ? 'file' : 'files'} failed outside their tests` : '';
    const errors = unhandledErrors.length ? `, ${unhandledErrors.length} unhandled ${unhandledErrors.length === 1 ? 'error' : 'errors'}` : '';
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}${files}${errors}\n`);
  }
}
