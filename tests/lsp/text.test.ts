// What completion, signature help and hover read from the text around the cursor, on long input:
// a name of a million characters is found by scanning back once (a regex ending in `$` retried from
// every earlier position, quadratic in the name's length: minutes per keystroke).
import { describe, expect, test } from 'vitest';
import { callContext, wordStart } from '../../src/lsp/complete.js';

describe('text before the cursor', () => {
  test('the callee and argument index of the innermost open call', () => {
    expect(callContext('dense  (', 8)).toEqual({ callee: 'dense', index: 0 });
    expect(callContext('x = 12ab(', 9)).toEqual({ callee: 'ab', index: 0 });
    expect(callContext('f(g(1), ', 8)).toEqual({ callee: 'f', index: 1 });
    expect(callContext('repeat(3) { dense(4, act', 24)).toEqual({ callee: 'dense', index: 1 });
    expect(callContext('9(', 2)).toBeUndefined();
    expect(callContext(' (', 2)).toBeUndefined();
  });

  test('a name of a million characters before a call or the cursor', () => {
    const long = 'a'.repeat(1_000_000);
    const text = `let x = ${long}.b(`;
    expect(callContext(text, text.length)).toEqual({ callee: 'b', index: 0 });
    expect(callContext(`${long}(`, long.length + 1)).toEqual({ callee: long, index: 0 });
    const dotted = `${long}.`;
    expect(wordStart(dotted, dotted.length)).toBe(dotted.length);
    expect(wordStart(dotted, long.length)).toBe(0);
    expect(wordStart(`x ${long}`, long.length + 2)).toBe(2);
  });
});
