// Error recovery on long runs of bad statements stays shallow and linear: it never assumes a
// missing '(' or '{' (each would nest the rest of the file one level deeper), its forward scans look
// at each token about once, and parsing stops after MAX_SYNTAX_ERRORS. The work is counted (tokens
// scanned, depth of the tree), never timed; bench/fuzz measures the time.
import { describe, expect, test } from 'vitest';
import type { CstNode, IToken } from 'chevrotain';
import { parseSource } from '../../src/syntax/parse.js';
import { lex } from '../../src/syntax/lexer.js';
import { MAX_SYNTAX_ERRORS, parseTokens } from '../../src/syntax/parser.js';

/** The depth of a concrete syntax tree, walked without recursion. */
function depth(root: CstNode): number {
  let max = 0;
  const stack: [CstNode, number][] = [[root, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const kids of Object.values(node.children)) {
      for (const kid of kids as (CstNode | IToken)[]) if ('children' in kid) stack.push([kid, d + 1]);
    }
  }
  return max;
}

function parsed(text: string) {
  const { tokens } = lex(text);
  return { tokens, ...parseTokens(tokens) };
}

const codes = (text: string) => parseSource('t.nn', text).diagnostics.map((d) => [d.code, d.span.start, d.span.end, d.message]);
const missingBrace = (at: number) => ['NN0003', at, at + 1, "expected '{' but found newline"];

describe('error recovery', () => {
  test(`'concat()' on 3,000 lines: one error a line up to ${MAX_SYNTAX_ERRORS}, then NN0906, all at one depth`, () => {
    const head = 'model m {\n  input(4)\n';
    const text = `${head}${'  concat()\n'.repeat(3000)}}\n`;
    const lineAt = (i: number) => head.length + i * '  concat()\n'.length + '  concat()'.length;
    const diags = codes(text);
    expect(diags).toHaveLength(MAX_SYNTAX_ERRORS + 1);
    expect(diags.slice(0, 2)).toEqual([missingBrace(lineAt(0)), missingBrace(lineAt(1))]);
    expect(diags.slice(-2)).toEqual([
      missingBrace(lineAt(999)),
      ['NN0906', lineAt(999), lineAt(999) + 1, 'more than 1,000 syntax errors: the rest of the file is not parsed'],
    ]);
    // Before, each line's assumed '{' nested the next line inside it: a tree 3,000 bodies deep.
    expect(depth(parsed(text).cst)).toBeLessThan(20);
  });

  test("'repeat' alone on every line, and 'repeat(1e9)' repeated on one line, stay shallow", () => {
    const lines = `model m {\n  input(4)\n${'  repeat\n  flatten\n'.repeat(1500)}}\n`;
    const diags = codes(lines);
    expect(diags).toHaveLength(MAX_SYNTAX_ERRORS + 1);
    expect(diags[0]).toEqual(missingBrace(29));
    expect(diags[1]).toEqual(missingBrace(48));
    expect(depth(parsed(lines).cst)).toBeLessThan(20);

    const one = `model m {\n  input(4)\n  ${'repeat(1e9) '.repeat(3000)}\n}\n`;
    expect(codes(one)).toEqual([['NN0003', 35, 41, "expected '{' but found 'repeat'"]]);
    expect(depth(parsed(one).cst)).toBeLessThan(20);
  });

  test("'input' repeated as an argument is one error, not 3,000 nested argument lists", () => {
    const text = `model m {\n  input(4)\n  dense(${'input '.repeat(3000)})\n}\n`;
    expect(codes(text)).toEqual([['NN0003', 35, 40, "expected '(' but found 'input'"]]);
    expect(depth(parsed(text).cst)).toBeLessThan(20);
  });

  test('an error under 190 nested braces is reported where it is (it overflowed the stack)', () => {
    const text = `model m {\n  input(4)\n  ${'add { '.repeat(190)}) ${'} '.repeat(190)}\n}\n`;
    const at = text.indexOf(') }');
    expect(codes(text)).toEqual([['NN0003', at, at + 1, "expected '}' but found ')'"]]);
  });

  test('95,000 stray braces at the top level: each token is scanned about once', () => {
    const text = `model m {\n  input(4)\n}\n${'}\n'.repeat(95_000)}`;
    const { tokens, scanned, errors, stoppedAt } = parsed(text);
    expect(errors).toHaveLength(MAX_SYNTAX_ERRORS);
    expect(stoppedAt?.token.startOffset).toBe(text.indexOf('}\n') + 2 * MAX_SYNTAX_ERRORS);
    // Chevrotain's own scans went to the end of the file from every stray brace: n² / 2 tokens.
    expect(scanned).toBeLessThan(2 * tokens.length);
  });

  test('190 open argument lists and 190,000 names: one error, scanned about once', () => {
    const text = `model m {\n  input(4)\n  ${'dense('.repeat(190)}${'x '.repeat(190_000)}\n}\n`;
    const { tokens, scanned, errors } = parsed(text);
    expect(errors).toHaveLength(1);
    const at = text.indexOf('x ') + 2;
    expect(codes(text)).toEqual([['NN0003', at, at + 1, "expected ')' but found name 'x'"]]);
    // One scan per rule the error unwound through (570 of them) took 108 million steps.
    expect(scanned).toBeLessThan(2 * tokens.length);
  });
});
