// Inputs bench/fuzz found that broke code generation, each generated and parsed by prettier.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { generateTs } from '../../src/codegen/module.js';

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
});
