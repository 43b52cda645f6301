// Inputs bench/fuzz found that broke code generation, and inputs at the parser's limits: each is
// generated and formatted by prettier, which parses the generated module again.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { formatTs, generateTs, MAX_FORMATTED_CHARS } from '../../src/codegen/module.js';

const gen = (text: string) => {
  const r = compile('f.nn', { text, host: { readFile: () => new Error('none') } });
  expect(r.diagnostics).toEqual([]);
  return generateTs({ ir: r.ir!, files: r.files, source: 'f.nn' });
};

describe('code generation of what the fuzzer found', () => {
  it('a negated negation is not a decrement', async () => {
    const code = await gen('model m {\n  input(4, 4, 3)\n  concat(axis = ---1) {\n    identity\n    conv(2, 1)\n  }\n}');
    expect(code).toContain('axis: -(-(-1))');
  });
  it('an expression at the limits of nesting and length generates, without overflowing a stack', async () => {
    // 199 brackets with 3 operators inside each, and 200 operators outside: 996 of the 1,000.
    const deep = '(1 + 1 - 1 + '.repeat(199) + '1' + ')'.repeat(199) + ' - 1'.repeat(200);
    const code = await gen(`let x = ${deep}\nmodel m {\n  input(4)\n  dense(x * 0 + 3)\n}`);
    expect(code).toContain('units: x * 0 + 3');
    const x = code.slice(code.indexOf('const x ='), code.indexOf(';', code.indexOf('const x =')));
    expect(x.match(/\b1\b/g)!.length).toBeGreaterThan(199 * 4); // the terms, the redundant brackets dropped
  });
  it('a module too large to format quickly is left as generated', async () => {
    const big = 'let  a=1\n'.repeat(Math.ceil(MAX_FORMATTED_CHARS / 9) + 1);
    expect(await formatTs(big)).toBe(big);
    expect(await formatTs('let  a=1\n')).toBe('let a = 1;\n');
  });
});
