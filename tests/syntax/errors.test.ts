// Lexical and syntax errors: codes, messages, spans, one report per mistake, recovery.
import { describe, expect, test } from 'vitest';
import type { ModelDecl } from '../../src/syntax/ast.js';
import { lineColumn } from '../../src/diagnostics/print.js';
import { parse, spanOf } from './helpers.js';

function diag(code: string, message: string, span: { start: number; end: number }) {
  return { code, severity: 'error', message, span: { file: 't.nn', start: span.start, end: span.end } };
}

describe('lexical errors', () => {
  test('NN0001 for each unexpected character, and parsing goes on', () => {
    const text = 'model m {\n  dense(4) $\n  relu @@\n}';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([
      diag('NN0001', "unexpected character '$'", spanOf(text, '$')),
      diag('NN0001', "unexpected characters '@@'", spanOf(text, '@@')),
    ]);
    expect((ast.decls[0] as ModelDecl).body).toHaveLength(2);
  });

  test('NN0002 for a string left open at the end of its line', () => {
    const text = 'import "other.nn\nmodel m { flatten }';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([
      diag('NN0002', 'unterminated string: missing closing \'"\' before the end of the line', spanOf(text, '"other.nn')),
    ]);
    expect(ast.decls.map((d) => d.kind)).toEqual(['import', 'model']);
    expect(ast.decls[0]).toMatchObject({ path: { value: 'other.nn' } });
  });

  test('NN0005 for an invalid escape, at the escape', () => {
    const text = 'let s = "a\\qb"';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([diag('NN0005', "invalid escape '\\q' in string", spanOf(text, '\\q'))]);
    expect(ast.decls[0]).toMatchObject({ value: { kind: 'string', value: 'a\\qb' } });
  });
});

describe('syntax errors', () => {
  test('NN0003 with the expected token, at the newline where a ) is missing', () => {
    const text = 'model m {\n  conv(64, padding = same\n  relu\n}';
    const { diagnostics } = parse(text);
    const nl = text.indexOf('same') + 4;
    expect(diagnostics).toEqual([diag('NN0003', "expected ')' but found newline", { start: nl, end: nl + 1 })]);
  });

  test('NN0003 when an expression is missing', () => {
    const text = 'model m {\n  dense(4) +\n}';
    expect(parse(text).diagnostics).toEqual([diag('NN0003', "expected a layer or an expression but found '}'", spanOf(text, '}'))]);
  });

  test('NN0004 for input after a complete statement', () => {
    const text = 'model m {\n  dense(4) relu\n}';
    expect(parse(text).diagnostics).toEqual([diag('NN0004', "expected newline, ';' or '}' but found name 'relu'", spanOf(text, 'relu'))]);
  });

  test('NN0004 for a stray token between declarations', () => {
    const text = 'model a { flatten }\n}\nmodel b { flatten }';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([diag('NN0004', "unexpected '}'", spanOf(text, '}', 1))]);
    expect(ast.decls.map((d) => d.name.name)).toEqual(['a', 'b']);
  });

  test('the end of the file inside a body points just past the last token', () => {
    const text = 'model m {\n  dense(4)\n';
    const end = text.indexOf(')') + 1;
    expect(parse(text).diagnostics).toEqual([diag('NN0003', "expected '}' but found end of file", { start: end, end })]);
  });

  test('three independent errors on different lines give three diagnostics', () => {
    const text = [
      'block b(f) {',
      '  conv(f +',
      '}',
      'model m {',
      '  input(4)',
      '  dense(4) relu',
      '  flatten',
      '}',
      'let = 3',
      'model n { flatten }',
    ].join('\n');
    const { ast, diagnostics } = parse(text);
    const where = diagnostics.map((d) => [d.code, lineColumn(text, d.span.start)]);
    expect(where).toEqual([
      ['NN0003', { line: 3, column: 1 }],
      ['NN0004', { line: 6, column: 12 }],
      ['NN0003', { line: 9, column: 5 }],
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "expected a layer or an expression but found '}'",
      "expected newline, ';' or '}' but found name 'relu'",
      "expected a name but found '='",
    ]);
    expect(ast.decls.map((d) => d.name.name)).toEqual(['b', 'm', 'n']);
    expect((ast.decls[1] as ModelDecl).body.map((s) => s.span.start)).toEqual(['input', 'dense', 'flatten'].map((w) => text.indexOf(w)));
  });

  test('one mistake gives one diagnostic, not a cascade', () => {
    const text = 'model m {\n  conv(64 kernel = 3 stride = 2) + + relu )\n  flatten\n}';
    const { diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'NN0003', span: spanOf(text, 'kernel') });
  });
});
