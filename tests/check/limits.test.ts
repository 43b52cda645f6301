// The work budget and the expression limits: every input that could make the checker run for
// long, or recurse deep, gets its NN09xx diagnostic at the span at fault, after bounded work.
import { describe, expect, it } from 'vitest';
import { limits } from '../../src/check/limits.js';
import { MAX_TOKENS } from '../../src/syntax/parse.js';
import { compileText, errorsOf, irOf } from '../helpers.js';

const M = (body: string) => `model m {\n  input(10)\n${body}\n}`;
const codes = (src: string) => errorsOf(src).map((d) => [d.code, d.line, d.column, d.text]);

describe('repeat counts are paid for before the work is done', () => {
  it('repeat(1e9) { identity } is refused at its count', () => {
    expect(codes(M('  repeat(1e9) { identity }'))).toEqual([['NN0907', 3, 10, '1e9']]);
  });
  it('repeat(1e9) { } is refused at its count', () => {
    expect(codes(M('  repeat(1e9) { }'))).toEqual([['NN0907', 3, 10, '1e9']]);
  });
  it('a typo in the body of repeat(1e9) is reported once, beside the count', () => {
    expect(codes(M('  repeat(1e9) { densedense(10) }'))).toEqual([
      ['NN0907', 3, 10, '1e9'],
      ['NN0102', 3, 17, 'densedense'],
    ]);
  });
  it('nested repeat(2147483647) is refused at the inner count', () => {
    expect(codes(M('  repeat(2147483647) { repeat(2147483647) { } }'))).toEqual([['NN0907', 3, 31, '2147483647']]);
  });
  it('a repeat that makes too many layers keeps its NN0903', () => {
    expect(codes(M('  repeat(1e9) { dense(10) }'))).toEqual([['NN0903', 3, 10, '1e9']]);
  });
  it('a large repeat within the budget compiles', () => {
    const ir = irOf(M('  repeat(20000) { dense(10) }'));
    expect(ir.models[0]!.nodes).toHaveLength(20001);
  });
});

describe('work that multiplies elsewhere is bounded too', () => {
  it('blocks that call each other twice, 30 deep, stop at the statement that expands them', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `block b${i} { b${i + 1}; b${i + 1} }`).join('\n');
    const src = `${blocks}\nblock b30 { identity }\n${M('  b0')}`;
    expect(codes(src)).toEqual([['NN0907', 34, 3, 'b0']]);
  });
  it('20,000 variants of a model stop at the variant that runs out', () => {
    const variants = Array.from({ length: 20_000 }, (_, i) => `model v${i} = m()`).join('\n');
    const found = errorsOf(`${M('  repeat(10) { dense(4) }')}\n${variants}`);
    expect(found.map((d) => d.code)).toEqual(['NN0907']);
    expect(found[0]!.text).toMatch(/^v\d+$/);
    expect(found[0]!.line).toBeGreaterThan(4);
  });
  it('a chain doubled by lets stops at the let that makes it too long', () => {
    const lets = Array.from({ length: 40 }, (_, i) => `let c${i + 1} = c${i} + c${i}`).join('\n');
    const found = errorsOf(`let c0 = relu\n${lets}\n${M('  c40')}`);
    expect(found.map((d) => [d.code, d.text])).toEqual([['NN0907', 'let c19 = c18 + c18']]);
  });
  it('a tuple doubled by lets stops the same way', () => {
    const lets = Array.from({ length: 40 }, (_, i) => `let t${i + 1} = (t${i}, t${i})`).join('\n');
    const found = errorsOf(`let t0 = 1\n${lets}`);
    expect(found.map((d) => [d.code, d.text])).toEqual([['NN0907', 'let t18 = (t17, t17)']]);
  });
  it('a number squared by lets stops at 2,000 digits', () => {
    const lets = Array.from({ length: 20 }, (_, i) => `let n${i + 1} = n${i} * n${i}`).join('\n');
    const found = errorsOf(`let n0 = 1e300\n${lets}`);
    expect(found.map((d) => [d.code, d.line, d.text])).toEqual([['NN0904', 4, 'n2 * n2']]);
  });
  it('a very long unknown name gets no suggestion (which would cost the square of its length)', () => {
    const name = 'x'.repeat(100_000);
    const found = errorsOf(M(`  ${name}`));
    expect(found.map((d) => [d.code, d.hint])).toEqual([['NN0102', undefined]]);
  });
});

describe('expression length and depth', () => {
  it('dense(4) followed by 3,000 `+ relu` is refused at the 1,000th operator (the braces count one)', () => {
    const src = M('  dense(4)' + ' + relu'.repeat(3000));
    const at = '  dense(4)'.length + 999 * ' + relu'.length + 2;
    expect(codes(src)).toEqual([['NN0908', 3, at, '+']]);
  });
  it('let x = 1 + 1 + … with 5,000 terms is refused at the 1,001st operator', () => {
    expect(codes('let x = 1' + ' + 1'.repeat(4999))).toEqual([['NN0908', 1, 4011, '+']]);
  });
  it('operators inside brackets count with those outside', () => {
    const src = 'let x = ' + '(1 + '.repeat(200) + '1' + ')'.repeat(200) + '\nlet y = ' + '(1 + 1 + 1 + 1 + 1 + 1 + '.repeat(150) + '1' + ')'.repeat(150);
    expect(codes(src).map(([c, l]) => [c, l])).toEqual([['NN0908', 2]]);
  });
  it('runs of unary minus inside brackets count as nesting', () => {
    const src = 'let x = ' + `${'-'.repeat(150)}(`.repeat(7) + '1' + ')'.repeat(7);
    expect(codes(src).map(([c]) => c)).toEqual(['NN0908']);
  });
  it('1,000 operators are fine, and the value is exact', () => {
    const r = compileText('let x = 1' + ' + 1'.repeat(1000) + '\nmodel m {\n  input(x)\n}');
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.models[0]!.input.shape).toEqual([1001]);
  });
  it(`a file of more than ${MAX_TOKENS.toLocaleString('en-US')} tokens is refused before it is parsed`, () => {
    const lines = '  dense(1000)\n'.repeat(518_000);
    const found = errorsOf(`model m {\n  input(10)\n${lines}}`);
    // dense ( 1000 ) newline: 5 tokens a line, after 7 on the first two lines.
    const line = 2 + Math.ceil((MAX_TOKENS + 1 - 7) / 5);
    expect(found.map((d) => [d.code, d.line])).toEqual([['NN0901', line]]);
    expect(found[0]!.message).toContain('more than 200,000 tokens');
  });
  it('the budget is the one the limits promise', () => {
    expect(limits.maxWork).toBe(1_000_000);
  });
});
