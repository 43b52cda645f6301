// Every diagnostic code, each with an input that triggers it, asserting the code, the position
// and the exact text under the span. A code added to the catalog without a case here fails.
import { describe, expect, it } from 'vitest';
import { codes, type Code } from '../../src/diagnostics/catalog.js';
import { errorsOf } from '../helpers.js';

interface Case {
  src: string;
  line: number;
  column: number;
  text: string;
  /** A fragment the message must contain. */
  says?: string;
  hint?: string;
  others?: Record<string, string>;
}

const M = (body: string) => `model m {\n  input(32, 32, 3)\n${body}\n}`;

const cases: Record<Code, Case> = {
  NN0001: { src: 'model m { input(4) $ }', line: 1, column: 20, text: '$' },
  NN0002: { src: 'import "abc', line: 1, column: 8, text: '"abc', says: 'unterminated' },
  NN0003: { src: 'model m { input(4); dense(4 }', line: 1, column: 29, text: '}', says: "')'" },
  NN0004: { src: 'model m { input(4) } }', line: 1, column: 22, text: '}' },
  NN0005: { src: 'import "a\\qb.nn"', line: 1, column: 10, text: '\\q' },
  NN0006: { src: 'model m {\n  input(4)\0\n}', line: 2, column: 11, text: '\0', says: 'NUL character' },
  NN0101: { src: M('  dense(unitz)'), line: 3, column: 9, text: 'unitz', says: "unknown name 'unitz'" },
  NN0102: { src: M('  flatten\n  dropuot(0.5)'), line: 4, column: 3, text: 'dropuot', hint: "did you mean 'dropout'?" },
  NN0103: { src: 'let a = 1\nlet a = 2', line: 2, column: 5, text: 'a', says: 'line 1' },
  NN0104: { src: 'import "missing.nn"', line: 1, column: 8, text: '"missing.nn"', says: 'no such file' },
  NN0105: { src: 'import "b.nn"', line: 1, column: 8, text: '"b.nn"', others: { 'b.nn': 'import "c.nn"', 'c.nn': 'import "b.nn"' }, says: 'b.nn → c.nn → b.nn' },
  NN0106: { src: 'block a { b }\nblock b { a }\nmodel m { input(4); a }', line: 2, column: 11, text: 'a', says: 'a → b → a' },
  NN0107: { src: 'model v = nothere(w = 1)', line: 1, column: 11, text: 'nothere' },
  NN0108: { src: 'model a { input(4) }\nmodel m { input(4); a }', line: 2, column: 21, text: 'a', says: 'is a model' },
  NN0109: { src: 'import "../lib.nn"', line: 1, column: 8, text: '"../lib.nn"', says: 'outside the project folder' },
  NN0201: { src: M('  conv(8, paddin = same)'), line: 3, column: 11, text: 'paddin', hint: "did you mean 'padding'?" },
  NN0202: { src: M('  flatten\n  dense'), line: 4, column: 3, text: 'dense', says: "'units'" },
  NN0203: { src: M('  flatten\n  dense(4, 5)'), line: 4, column: 12, text: '5' },
  NN0204: { src: M('  conv(8, stride = 1, stride = 2)'), line: 3, column: 23, text: 'stride' },
  NN0205: { src: M('  conv(relu)'), line: 3, column: 8, text: 'relu', says: 'must be an integer' },
  NN0206: { src: M('  conv(64 * 0.3)'), line: 3, column: 8, text: '64 * 0.3', says: 'got 19.2' },
  NN0207: { src: M('  conv(0)'), line: 3, column: 8, text: '0', says: 'at least 1' },
  NN0208: { src: M('  conv(8, padding = smae)'), line: 3, column: 21, text: 'smae', hint: "did you mean 'same'?" },
  NN0209: { src: M('  conv(8, padding = same, 3)'), line: 3, column: 27, text: '3' },
  NN0210: { src: M('  conv(8, kernel = (3, 3, 3))'), line: 3, column: 20, text: '(3, 3, 3)' },
  NN0211: { src: M('  conv(8) + 1'), line: 3, column: 11, text: '+' },
  NN0212: { src: M('  conv(8 / 0)'), line: 3, column: 12, text: '0' },
  NN0301: { src: M('  l2(0.01) + conv(8)'), line: 3, column: 3, text: 'l2(0.01)', says: 'no weighted layer' },
  NN0302: { src: 'model m {\n  dense(4)\n}', line: 2, column: 3, text: 'dense(4)', says: 'must start with input' },
  NN0303: { src: M('  input(3)'), line: 3, column: 3, text: 'input(3)' },
  NN0304: { src: 'block b { dense(2)\n train { epochs: 2 } }\nmodel m { input(4); b }', line: 2, column: 2, text: 'train { epochs: 2 }' },
  NN0305: { src: 'model m { input(4)\n train { epoch: 2 } }', line: 2, column: 10, text: 'epoch', hint: "did you mean 'epochs'?" },
  NN0306: { src: 'model m { input(4)\n train { optimizer: adamw } }', line: 2, column: 21, text: 'adamw', hint: "did you mean 'adam'?" },
  NN0307: { src: M('  64'), line: 3, column: 3, text: '64', says: 'must be a layer' },
  NN0308: { src: M('  concat { conv(3) }'), line: 3, column: 3, text: 'concat', says: 'at least two branches' },
  NN0309: { src: 'model m { input(4)\n train { epochs: 2; epochs: 3 } }', line: 2, column: 21, text: 'epochs' },
  NN0401: { src: M('  conv(64, padding = same)\n  dense(10)'), line: 4, column: 3, text: 'dense(10)', says: '32x32x64): dense needs a 1-D input (or 2-D for sequences); add flatten or gap' },
  NN0402: { src: M('  conv(8, 33)'), line: 3, column: 3, text: 'conv(8, 33)' },
  NN0403: { src: M('  residual { conv(8) }'), line: 3, column: 3, text: 'residual', says: '30x30x8' },
  NN0404: { src: M('  concat {\n    conv(8)\n    conv(8, padding = same)\n  }'), line: 3, column: 3, text: 'concat {\n    conv(8)\n    conv(8, padding = same)\n  }', says: '30x30x8' },
  NN0405: { src: M('  reshape(10, 10)'), line: 3, column: 11, text: '10, 10' },
  NN0406: { src: M('  conv(8, stride = 2, dilation = 2)'), line: 3, column: 34, text: '2' },
  NN0501: { src: 'model m { input(4) }\nexperiment e { models: m; runz: 2 }', line: 2, column: 27, text: 'runz', hint: "did you mean 'runs'?" },
  NN0502: { src: 'model m { input(4) }\nexperiment e { models: m; data: 3 }', line: 2, column: 33, text: '3', says: 'dataset name' },
  NN0503: { src: 'experiment e { runs: 2 }', line: 1, column: 12, text: 'e', says: 'names no models' },
  NN0504: { src: 'model m { input(4) }\nexperiment e { models: m; grid { w: 2 } }', line: 2, column: 34, text: 'w', says: "unknown grid axis 'w'" },
  NN0505: { src: 'model m { input(4) }\nexperiment e { models: m; grid { epochs: 2, 2 } }', line: 2, column: 45, text: '2', says: 'repeated' },
  NN0506: { src: 'model m(w = 2) { input(4); dense(w) }\nexperiment e { models: m; grid { w: 0 } }', line: 2, column: 37, text: '0', says: 'w = 0 does not fit model m' },
  NN0909: { src: 'model m(w = 2) { input(4); dense(w) }\nexperiment e { models: m; grid { w: ' + Array.from({ length: 1001 }, (_, i) => i + 1).join(', ') + ' } }', line: 2, column: 27, text: 'grid', says: '1,001 variants' },
  NN0901: { src: 'x'.repeat(9 * 1024 * 1024), line: 1, column: 1, text: '' },
  NN0902: { src: 'let a = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000), line: 1, column: 9 + 200, text: '(' },
  NN0903: { src: M('  flatten\n  repeat(1e9) { dense(2) }'), line: 4, column: 10, text: '1e9', says: 'more than 200,000 layers' },
  NN0904: { src: M('  conv(1e12)'), line: 3, column: 8, text: '1e12', says: 'limit' },
  NN0905: { src: Array.from({ length: 500 }, (_, i) => `let v${i} = v${i + 1} + 1`).join('\n') + '\nlet v500 = 1', line: 400, column: 12, text: 'v400', says: 'more than 400 deep' },
  NN0907: { src: M('  repeat(1e9) { identity }'), line: 3, column: 10, text: '1e9', says: 'more than 1,000,000 steps of work' },
  NN0908: { src: 'let x = 1' + ' + 1'.repeat(1500), line: 1, column: 4011, text: '+', says: 'more than 1,000 operators' },
  NN0906: { src: M(Array.from({ length: 120 }, (_, i) => `  nothere${i}`).join('\n')), line: 0, column: 0, text: '' },
};

describe('every diagnostic code', () => {
  it('has a case', () => {
    expect(Object.keys(cases).sort()).toEqual([...codes].sort());
  });
  for (const [code, c] of Object.entries(cases) as [Code, Case][]) {
    it(`${code} points at the right place`, () => {
      const found = errorsOf(c.src, c.others).filter((d) => d.code === code);
      expect(found.length, `no ${code} among the diagnostics`).toBeGreaterThan(0);
      const d = found[0]!;
      if (c.line > 0) expect({ line: d.line, column: d.column, text: d.text }).toEqual({ line: c.line, column: c.column, text: c.text });
      if (c.says) expect(d.message).toContain(c.says);
      if (c.hint) expect(d.hint).toContain(c.hint);
    });
  }
});

describe('reporting', () => {
  it('reports three independent errors with their positions', () => {
    const src = M('  conv(8, paddin = same)\n  dropuot(0.5)\n  conv(64 * 0.3)');
    expect(errorsOf(src).map((d) => [d.code, d.line, d.column])).toEqual([
      ['NN0201', 3, 11],
      ['NN0102', 4, 3],
      ['NN0206', 5, 8],
    ]);
  });
  it('ends a line left inside an open parenthesis, and reports no cascade from it', () => {
    const src = 'model m {\n  input(28, 28, 1\n  conv(32) + relu\n  flatten\n  dense(10 + softmax\n}\nmodel n {\n  input(4)\n  dense(3,, 4)\n}';
    expect(errorsOf(src).map((d) => [d.code, d.line, d.column])).toEqual([
      ['NN0003', 2, 18],
      ['NN0003', 5, 21],
      ['NN0003', 9, 11],
    ]);
  });
  it('reports an error in a block used twice once', () => {
    expect(errorsOf('block b { dense(2.5) }\nmodel m { input(4); b; b }')).toHaveLength(1);
  });
  it('checks blocks no model uses', () => {
    expect(errorsOf('block b { convv(3)\n relux }').map((d) => [d.code, d.hint])).toEqual([
      ['NN0102', "did you mean 'conv'?"],
      ['NN0102', "did you mean 'relu'?"],
    ]);
  });
  it('says a model parameter needs a value', () => {
    expect(errorsOf('model m(w) { input(4); dense(w) }').map((d) => [d.code, d.text])).toEqual([['NN0202', 'w']]);
  });
});
