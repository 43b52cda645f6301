// Limits are checked before parsing: huge files, too many tokens, deep nesting and long
// expressions are refused by linear scans, never crash (bench/fuzz measures how quickly).
import { describe, expect, test } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';

const timed = <T>(f: () => T): { value: T } => ({ value: f() });

describe('limits', () => {
  test('a 50 MB file gives NN0901 at offset 0, fast', () => {
    const text = 'model m { flatten }\n'.repeat(2_621_440);
    const { value } = timed(() => parseSource('big.nn', text));
    expect(value.diagnostics).toEqual([
      { code: 'NN0901', severity: 'error', message: 'file is 50.0 MiB; the limit is 8 MiB', span: { file: 'big.nn', start: 0, end: 0 } },
    ]);
    expect(value.ast.decls).toEqual([]);
  });

  test('the limit counts UTF-8 bytes', () => {
    const text = `# ${'é'.repeat(4_200_000)}\n`;
    expect(parseSource('t.nn', text).diagnostics.map((d) => d.code)).toEqual(['NN0901']);
  });

  test('10,000 nested parentheses give NN0902 at the 201st', () => {
    const text = `let x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`;
    const { value } = timed(() => parseSource('t.nn', text));
    const at = 'let x = '.length + 200;
    expect(value.diagnostics).toEqual([
      { code: 'NN0902', severity: 'error', message: 'brackets nested more than 200 deep', span: { file: 't.nn', start: at, end: at + 1 } },
    ]);
  });

  test('10,000 nested braces give NN0902 at the 201st', () => {
    const text = `model m ${'{'.repeat(10_000)}${'}'.repeat(10_000)}`;
    const { value } = timed(() => parseSource('t.nn', text));
    const at = 'model m '.length + 200;
    expect(value.diagnostics.map((d) => [d.code, d.span.start, d.span.end])).toEqual([['NN0902', at, at + 1]]);
  });

  test('200 levels of nesting are fine', () => {
    const text = `let x = ${'('.repeat(199)}1${')'.repeat(199)}\nmodel m { ${'{ '.repeat(199)}flatten${' }'.repeat(199)} }`;
    expect(parseSource('t.nn', text).diagnostics).toEqual([]);
  });

  test("a ')' closes no '{': 'residual { 3)' on 1,200 lines nests 1,200 bodies, NN0902 at the 201st", () => {
    const head = 'model m {\n  input(4)\n';
    const text = `${head}${'  residual { 3)\n'.repeat(1200)}}\n`;
    // The model's own '{' is the first; the 200th residual's '{' is the 201st.
    const at = head.length + 199 * '  residual { 3)\n'.length + '  residual '.length;
    expect(parseSource('t.nn', text).diagnostics).toEqual([
      { code: 'NN0902', severity: 'error', message: 'brackets nested more than 200 deep', span: { file: 't.nn', start: at, end: at + 1 } },
    ]);
  });

  test("a closing bracket also closes the brackets opened inside it: '(' then 150 '{', ')', 150 '{' is not too deep", () => {
    const text = `model m {\n  input(4)\n  dense(${'{ '.repeat(150)})\n  ${'{ '.repeat(150)}\n}\n`;
    const close = text.lastIndexOf(')\n');
    expect(parseSource('t.nn', text).diagnostics.map((d) => [d.code, d.span.start, d.span.end, d.message])).toEqual([
      ['NN0003', close, close + 1, "expected '}' but found ')'"],
      ['NN0003', text.length - 1, text.length - 1, "expected '}' but found end of file"],
    ]);
  });

  test('10,000 unary minuses are refused as nesting too', () => {
    const text = `let x = ${'-'.repeat(10_000)}1`;
    expect(parseSource('t.nn', text).diagnostics.map((d) => [d.code, d.span.start])).toEqual([['NN0902', 'let x = '.length + 200]]);
  });
});
