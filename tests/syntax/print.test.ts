// Printing diagnostics: exact text of the code frame, positions, JSON, and name suggestions.
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatDiagnostic, lineColumn, toJsonDiagnostic } from '../../src/diagnostics/print.js';
import { editDistance, suggest } from '../../src/diagnostics/suggest.js';
import { parseSource } from '../../src/syntax/parse.js';

function d(start: number, end: number, hint?: string): Diagnostic {
  return { code: 'NN0102', severity: 'error', message: "unknown layer 'dropot'", span: { file: 'a.nn', start, end }, ...(hint ? { hint } : {}) };
}

describe('formatDiagnostic', () => {
  const text = 'model m {\n  dense(4) + dropot(0.5)\n}\n';
  const start = text.indexOf('dropot');

  test('header, frame with gutter, underline and hint', () => {
    expect(formatDiagnostic(d(start, start + 6, "did you mean 'dropout'?"), text)).toBe(
      [
        "a.nn:2:14 - error NN0102: unknown layer 'dropot'",
        '',
        '2   dense(4) + dropot(0.5)',
        '               ~~~~~~',
        "  hint: did you mean 'dropout'?",
      ].join('\n'),
    );
  });

  test('a syntax error from the parser, printed', () => {
    const src = 'model m {\n  conv(64, padding = same\n  relu\n}';
    const [diag] = parseSource('m.nn', src).diagnostics;
    expect(formatDiagnostic(diag!, src)).toBe(
      ["m.nn:2:26 - error NN0003: expected ')' but found newline", '', '2   conv(64, padding = same', ' '.repeat(27) + '^'].join('\n'),
    );
  });

  test('an empty span gets a caret; a span over lines is underlined to the end of the first', () => {
    expect(formatDiagnostic(d(start, start), text).split('\n').slice(2)).toEqual(['2   dense(4) + dropot(0.5)', ' '.repeat(15) + '^']);
    expect(formatDiagnostic(d(start, text.length), text).split('\n').slice(2)).toEqual([
      '2   dense(4) + dropot(0.5)',
      ' '.repeat(15) + '~'.repeat(11),
    ]);
  });

  test('tabs are shown as spaces with the underline aligned', () => {
    const src = 'model m {\n\tdense(4) +\tx\n}';
    const at = src.indexOf('x');
    expect(formatDiagnostic(d(at, at + 1), src).split('\n').slice(2)).toEqual(['2     dense(4) +  x', '                  ~']);
  });

  test('CRLF line ends, the end of the file and an empty file', () => {
    const src = 'let a = 1\r\nlet b = zz\r\n';
    const at = src.indexOf('zz');
    expect(formatDiagnostic(d(at, at + 2), src).split('\n')).toEqual([
      "a.nn:2:9 - error NN0102: unknown layer 'dropot'",
      '',
      '2 let b = zz',
      '          ~~',
    ]);
    expect(formatDiagnostic(d(src.length, src.length), src).split('\n').slice(0, 1)).toEqual(["a.nn:3:1 - error NN0102: unknown layer 'dropot'"]);
    expect(formatDiagnostic(d(0, 0), '')).toBe(["a.nn:1:1 - error NN0102: unknown layer 'dropot'", '', '1 ', '  ^'].join('\n'));
  });
});

describe('positions', () => {
  test('lineColumn is 1-based and clamps', () => {
    const text = 'ab\ncd\r\nef';
    expect(lineColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumn(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumn(text, 7)).toEqual({ line: 3, column: 1 });
    expect(lineColumn(text, 99)).toEqual({ line: 3, column: 3 });
    expect(lineColumn('', 0)).toEqual({ line: 1, column: 1 });
  });

  test('toJsonDiagnostic gives 1-based positions with an exclusive end column', () => {
    const text = 'model m {\n  dense(4) + dropot(0.5)\n}\n';
    const start = text.indexOf('dropot');
    expect(toJsonDiagnostic(d(start, start + 6), text)).toEqual({
      code: 'NN0102',
      severity: 'error',
      message: "unknown layer 'dropot'",
      file: 'a.nn',
      line: 2,
      column: 14,
      endLine: 2,
      endColumn: 20,
    });
  });
});

describe('hostile text in a code frame', () => {
  test('control characters are shown as their pictures, never sent to the terminal', () => {
    const text = 'model m {\n  \x1b[2J\x07 dense(4)\u202e\n}';
    const at = text.indexOf('dense');
    const out = formatDiagnostic({ ...d(at, at + 5), message: 'bad \x1b[31m' }, text);
    expect(out.split('\n')).toEqual([
      "a.nn:2:9 - error NN0102: bad ␛[31m",
      '',
      '2   ␛[2J␇ dense(4)\ufffd',
      '          ~~~~~',
    ]);
  });
  test('a long line is cut around the span', () => {
    const text = `let x = ${'1 + '.repeat(5000)}y`;
    const at = text.indexOf('y');
    const [, , source, marks] = formatDiagnostic(d(at, at + 1), text).split('\n');
    expect(source).toBe(`1 …${' + 1'.repeat(29)} + y`);
    expect(source!.length).toBeLessThan(130);
    expect(marks!.indexOf('~')).toBe(source!.indexOf(' y') + 1);
  });
});

describe('suggest', () => {
  const layers = ['dense', 'dropout', 'conv', 'deconv', 'sepconv', 'maxpool', 'avgpool', 'flatten', 'relu', 'bn'];

  test('finds the closest name within the threshold', () => {
    expect(suggest('dropot', layers)).toBe('dropout');
    expect(suggest('convv', layers)).toBe('conv');
    expect(suggest('flaten', layers)).toBe('flatten');
    expect(suggest('maxpol', layers)).toBe('maxpool');
    expect(suggest('Dense', layers)).toBe('dense');
    expect(suggest('rleu', layers)).toBe('relu');
  });

  test('gives nothing when nothing is close, or for the name itself', () => {
    expect(suggest('transformer', layers)).toBeUndefined();
    expect(suggest('bx', ['by', 'bn'].slice(0, 0))).toBeUndefined();
    expect(suggest('relu', ['relu'])).toBeUndefined();
    expect(suggest('xyz', layers)).toBeUndefined();
  });

  test('counts a swap of neighbours as one edit', () => {
    expect(editDistance('rleu', 'relu')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
