// Parsing speed: one parser instance, no per-call setup. Kept in its own file (its own process)
// so that the huge strings of the limit tests do not weigh on the garbage collector here.
import { expect, test } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';
import { FIRST_LOOK } from './fixtures.js';

function timed(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

test('a 10,000-line spec parses in well under 100 ms after warm-up', () => {
  const text = Array.from({ length: 300 }, (_, i) => FIRST_LOOK.replace(/\b(conv_block|cnn|cnn_reduced|fc8)\b/g, `$1_${i}`)).join('\n');
  expect(text.split('\n').length).toBeGreaterThan(10_000);
  for (let i = 0; i < 5; i++) parseSource('t.nn', text);
  const runs = Array.from({ length: 7 }, () => timed(() => parseSource('t.nn', text))).sort((a, b) => a - b);
  expect(parseSource('t.nn', text).diagnostics).toEqual([]);
  expect(runs[3]).toBeLessThan(100);
});
