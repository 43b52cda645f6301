// Diagnostics of experiment declarations: exact codes, positions and the text under each span.
import { describe, expect, it } from 'vitest';
import { errorsOf } from '../helpers.js';

const MODELS = `model m(act = relu, w = 4) {
  input(4)
  dense(w) + act
  dense(2) + softmax
  train { loss: categorical_crossentropy }
}
model k(act = relu) {
  input(4)
  dense(2) + act
  train { loss: categorical_crossentropy }
}
block b { dense(2) }
`;
/** The models above, then an experiment starting on line 13. */
const X = (body: string) => `${MODELS}experiment e {\n${body}\n}`;
const found = (body: string) => errorsOf(X(body)).map((d) => ({ code: d.code, line: d.line, column: d.column, text: d.text, message: d.message, hint: d.hint }));

const at = (body: string) => found(body).map((d) => [d.code, d.line, d.column, d.text]);

describe('experiment diagnostics', () => {
  it('name unknown models, non-models and repeats in models', () => {
    expect(found('  models: m, nothing')).toEqual([{ code: 'NN0107', line: 14, column: 14, text: 'nothing', message: "unknown model 'nothing'", hint: 'models here: m, k' }]);
    expect(found('  models: m, b')[0]).toMatchObject({ code: 'NN0108', line: 14, column: 14, text: 'b', message: "'b' is a block, not a model" });
    expect(at('  models: m, m')).toEqual([['NN0505', 14, 14, 'm']]);
    expect(at('  models: m, 3')).toEqual([['NN0502', 14, 14, '3']]);
    expect(found('  grid { w: 2 }')[0]).toMatchObject({ code: 'NN0503', line: 13, column: 12, text: 'e', message: "experiment 'e' names no models" });
  });

  it('point at bad axes, repeated axes and repeated values', () => {
    expect(found('  models: m\n  grid { actt: relu }')).toEqual([{ code: 'NN0504', line: 15, column: 10, text: 'actt', message: "unknown grid axis 'actt': not a parameter of m nor a train setting", hint: "did you mean 'act'?" }]);
    expect(found('  models: m, k\n  grid { w: 2, 4 }')[0]).toMatchObject({ code: 'NN0504', line: 15, column: 10, text: 'w', message: "grid axis 'w' is a parameter of m but not of k" });
    expect(found('  models: m\n  grid { act: relu, relu }')[0]).toMatchObject({ code: 'NN0505', line: 15, column: 21, text: 'relu', message: "value relu is repeated in grid axis 'act'" });
    expect(at('  models: m\n  grid { act: relu; act: tanh }')).toEqual([['NN0309', 15, 21, 'act']]);
    expect(at('  models: m\n  grid { w: 2 }\n  grid { w: 4 }')).toEqual([['NN0309', 16, 3, 'grid']]);
    expect(at('  models: m\n  runs: 2\n  runs: 3')).toEqual([['NN0309', 16, 3, 'runs']]);
  });

  it('an empty value list is a syntax error at the place of the missing value', () => {
    expect(found('  models: m\n  grid { w: }')).toEqual([{ code: 'NN0003', line: 15, column: 13, text: '}', message: "expected a value (several are separated by commas) but found '}'", hint: undefined }]);
    // A newline after ':' continues the line, so the next setting reads as a value.
    expect(at('  models:\n  runs: 2')).toEqual([['NN0004', 15, 7, ':']]);
  });

  it('check a parameter value like an argument, and point at the grid value too', () => {
    expect(found('  models: m\n  grid { w: 2, 0.5 }').map((d) => [d.code, d.line, d.column, d.text, d.message])).toEqual([
      ['NN0206', 3, 9, 'w', 'dense units must be an integer, got 0.5'],
      ['NN0506', 15, 16, '0.5', 'w = 0.5 does not fit model m: dense units must be an integer, got 0.5 (line 3)'],
    ]);
    expect(at('  models: m\n  grid { act: 3 }')).toEqual([['NN0211', 3, 12, '+'], ['NN0506', 15, 15, '3']]);
    // Only the value at fault is blamed, not the other values of its variants.
    expect(at('  models: m\n  grid { act: relu, tanh; w: 2, relu }')).toEqual([['NN0205', 3, 9, 'w'], ['NN0506', 15, 33, 'relu']]);
  });

  it('check train-setting values as a train section does', () => {
    expect(at('  models: m\n  grid { epochs: 0, 2.5 }')).toEqual([['NN0207', 15, 18, '0'], ['NN0206', 15, 21, '2.5']]);
    expect(at('  models: m\n  grid { lr: -1 }')).toEqual([['NN0207', 15, 14, '-1']]);
    expect(at('  models: m\n  runs: 0')).toEqual([['NN0207', 15, 9, '0']]);
    expect(at('  models: m\n  seed: 1.5')).toEqual([['NN0206', 15, 9, '1.5']]);
  });

  it('name unknown settings and sections, with a suggestion', () => {
    expect(found('  models: m\n  runz: 3')[0]).toMatchObject({ code: 'NN0501', line: 15, column: 3, text: 'runz', hint: "did you mean 'runs'?" });
    expect(found('  models: m\n  epochs: 3')[0]).toMatchObject({ code: 'NN0501', text: 'epochs', hint: 'a train setting goes in the grid: grid { epochs: ... }' });
    expect(found('  models: m\n  grd { w: 2 }')[0]).toMatchObject({ code: 'NN0501', line: 15, column: 3, text: 'grd', message: "unknown experiment section 'grd'", hint: "did you mean 'grid'?" });
    expect(at('  models: m\n  data: 3')).toEqual([['NN0502', 15, 9, '3']]);
  });

  it('limit the number of variants', () => {
    const body = '  models: m\n  grid { w: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10; act: relu, tanh, sigmoid, elu, selu, gelu, swish, softplus, softsign, linear; epochs: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }';
    expect(found(body)).toEqual([{ code: 'NN0909', line: 15, column: 3, text: 'grid', message: 'this experiment expands to 1,100 variants (1 x 10 x 10 x 11); the limit is 1,000', hint: 'split it into several experiments or drop values' }]);
  });

  it('experiment names are unique among experiments, apart from model names', () => {
    const text = `${MODELS}experiment m { models: m }\nexperiment m { models: k }`;
    expect(errorsOf(text).map((d) => [d.code, d.line, d.column, d.text])).toEqual([['NN0103', 14, 12, 'm']]);
  });
});
