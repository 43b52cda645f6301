// The language as LANGUAGE.md describes it: each construct compiled, with shapes and counts
// computed by hand (conv: k·k·Cin·Cout + Cout; dense: in·out + out; bn: 4·C, 2·C non-trainable).
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileText, irOf, model, params } from '../helpers.js';

const firstLook = fs.readFileSync(new URL('../fixtures/first-look/input.nn', import.meta.url), 'utf8');

describe('the first-look example', () => {
  const ir = irOf(firstLook);
  it('is the example of the language reference, unchanged', () => {
    const reference = fs.readFileSync('grammar/LANGUAGE.md', 'utf8');
    expect(/```\n(# hw4\.nn:[\s\S]*?)```/.exec(reference)?.[1]).toBe(firstLook);
  });
  it('compiles unchanged into three models', () => {
    expect(ir.models.map((m) => m.name)).toEqual(['cnn', 'cnn_reduced', 'fc8']);
  });
  it('has the shapes of the CNN', () => {
    const cnn = ir.models[0]!;
    const convs = cnn.nodes.filter((n) => n.kind === 'conv');
    expect(convs.map((n) => n.outputShape)).toEqual([[64, 64, 64], [32, 32, 128], [16, 16, 128], [8, 8, 256], [4, 4, 256]]);
    expect(cnn.nodes.find((n) => n.kind === 'flatten')!.outputShape).toEqual([2 * 2 * 256]);
    expect(cnn.nodes.at(-1)!.outputShape).toEqual([4]);
  });
  it('halves the filters in the variant and keeps its train section', () => {
    const reduced = ir.models[1]!;
    expect(reduced.variantOf).toBe('cnn');
    expect(reduced.params).toEqual({ w: 0.5 });
    expect(reduced.nodes.filter((n) => n.kind === 'conv').map((n) => n.attrs.filters)).toEqual([32, 64, 64, 128, 128]);
    expect(reduced.train).toEqual(ir.models[0]!.train);
    expect(reduced.train).toEqual({ optimizer: { name: 'adam', lr: 0.001 }, loss: 'categorical_crossentropy', metrics: ['accuracy'], batch: 32, epochs: 25, validation: 0, shuffle: true, seed: null });
  });
  it('counts fc8 by hand', () => {
    const fc8 = ir.models[2]!;
    const expected = 12288 * 512 + 512 + 6 * (512 * 512 + 512) + 512 * 4 + 4;
    expect(params(fc8)).toEqual({ total: expected, trainable: expected, nonTrainable: 0 });
    expect(fc8.train.loss).toBeNull();
    expect(fc8.train.epochs).toBe(10);
  });
  it('regularizes the conv, not the bn, and fuses relu into dense', () => {
    const cnn = ir.models[0]!;
    const conv = cnn.nodes.find((n) => n.kind === 'conv')!;
    expect(conv.attrs.regularizer).toEqual({ l1: 0, l2: 0.001 });
    expect(conv.attrs.activation).toBe('linear'); // bn sits between conv and relu
    const dense256 = cnn.nodes.find((n) => n.kind === 'dense' && n.attrs.units === 256)!;
    expect(dense256.attrs.activation).toBe('relu');
    expect(cnn.nodes.filter((n) => n.kind === 'relu')).toHaveLength(6);
  });
  it('groups nodes by block call', () => {
    const cnn = ir.models[0]!;
    expect(cnn.nodes.filter((n) => n.scope[0] === 'conv_block_2').map((n) => n.kind)).toEqual(['conv', 'bn', 'relu', 'dropout', 'maxpool']);
  });
});

describe('expressions', () => {
  it('is exact for fractions that make integers', () => {
    const m = model('model m { input(10); dense(0.1 * 3 * 100) }');
    expect(m.nodes[1]!.outputShape).toEqual([30]);
  });
  it('has round, floor, ceil, min, max and lets', () => {
    const m = model('let k = 7\nmodel m { input(100); dense(round(k / 2)); dense(floor(k / 2)); dense(ceil(k / 2)); dense(min(k, 3, 5)); dense(max(k, 9)) }');
    expect(m.nodes.slice(1).map((n) => n.outputShape[0])).toEqual([4, 3, 4, 3, 9]);
  });
  it('evaluates parameters, precedence and negation', () => {
    const m = model('model m(a = 2) { input(8); dense(a + 3 * 4 - -(1)) }');
    expect(m.nodes[1]!.attrs.units).toBe(15);
  });
});

describe('layers as values', () => {
  it('takes layer-valued parameters, identity by default', () => {
    const src = `block b(act = relu, norm = identity) { dense(8) + norm + act }
model m { input(4); b; b(sigmoid, bn) }`;
    const m = model(src);
    expect(m.nodes.map((n) => n.kind)).toEqual(['input', 'dense', 'dense', 'bn', 'sigmoid']);
    expect(m.nodes[1]!.attrs.activation).toBe('relu');
  });
  it('expands a chain-valued shortcut', () => {
    const m = model('model m { input(8, 8, 16); residual(shortcut = conv(32, 1, stride = 2) + bn) { conv(32, 3, stride = 2, padding = same) } }');
    const add = m.nodes.at(-1)!;
    expect(add.kind).toBe('add');
    expect(add.outputShape).toEqual([4, 4, 32]);
    expect(add.inputs).toHaveLength(2);
    expect(m.nodes.map((n) => n.kind)).toEqual(['input', 'conv', 'bn', 'conv', 'add']);
    expect(add.inputs).toEqual(['n2', 'n3']);
  });
});

describe('structure', () => {
  it('repeats a body', () => {
    const m = model('model m { input(4); repeat(3) { dense(5) + relu } }');
    expect(m.nodes.filter((n) => n.kind === 'dense')).toHaveLength(3);
    expect(m.nodes.map((n) => n.name)).toEqual(['input', 'dense', 'dense_1', 'dense_2']);
  });
  it('adds the input back in a residual', () => {
    const m = model('model m { input(16); residual { dense(16) + relu } }');
    const add = m.nodes.at(-1)!;
    expect(add.inputs).toEqual(['n0', 'n1']);
  });
  it('concatenates branches, braced groups and identity', () => {
    const m = model(`model m {
  input(8, 8, 4)
  concat {
    identity
    conv(6, 1)
    { conv(2, 1); conv(3, 3, padding = same) }
  }
}`);
    const cat = m.nodes.at(-1)!;
    expect(cat.kind).toBe('concat');
    expect(cat.outputShape).toEqual([8, 8, 4 + 6 + 3]);
    expect(cat.inputs).toEqual(['n0', 'n1', 'n3']);
  });
  it('adds branches', () => {
    const m = model('model m { input(8); add { dense(3); dense(3) + relu } }');
    expect(m.nodes.at(-1)!.kind).toBe('add');
    expect(m.nodes.at(-1)!.outputShape).toEqual([3]);
  });
  it('builds variants of variants', () => {
    const ir = irOf('model a(x = 1, y = 2) { input(4); dense(x); dense(y) }\nmodel b = a(x = 5)\nmodel c = b(y = 7)');
    expect(ir.models.map((m) => m.nodes.slice(1).map((n) => n.attrs.units))).toEqual([[1, 2], [5, 2], [5, 7]]);
  });
  it('applies nobias and l1l2 to the nearest kernel layer', () => {
    const m = model('model m { input(8); dense(4) + bn + nobias + l1l2(l1 = 0.1, l2 = 0.2) }');
    expect(m.nodes[1]!.attrs.bias).toBe(false);
    expect(m.nodes[1]!.attrs.regularizer).toEqual({ l1: 0.1, l2: 0.2 });
    expect(m.nodes[1]!.weights.map((w) => w.name)).toEqual(['kernel']);
  });
  it('imports blocks, lets and models from a relative path', () => {
    const ir = irOf('import "lib/blocks.nn"\nmodel m { input(4); two(width) }\nmodel v = base(u = 3)', {
      'lib/blocks.nn': 'let width = 6\nblock two(u) { dense(u); dense(u) }\nmodel base(u = 2) { input(2); dense(u) }',
    });
    expect(ir.models.map((m) => m.name)).toEqual(['m', 'v']);
    expect(ir.models[0]!.nodes.slice(1).map((n) => n.outputShape)).toEqual([[6], [6]]);
    expect(ir.models[1]!.nodes[1]!.outputShape).toEqual([3]);
  });
  it('allows use before definition', () => {
    expect(model('model m { input(4); b }\nblock b { dense(k) }\nlet k = 2').nodes[1]!.outputShape).toEqual([2]);
  });
});

describe('train', () => {
  it('fills defaults and reads model parameters', () => {
    const m = model('model m(e = 40) { input(4); dense(2) + softmax\n train { optimizer: sgd(lr = 0.1, momentum = 0.9); loss: mse; metrics: accuracy, mae; batch: 1; epochs: e; validation: 0.2; shuffle: false; seed: 7 } }');
    expect(m.train).toEqual({ optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 }, loss: 'mse', metrics: ['accuracy', 'mae'], batch: 1, epochs: 40, validation: 0.2, shuffle: false, seed: 7 });
  });
  it('takes a bare optimizer name', () => {
    expect(model('model m { input(4); dense(2)\n train { optimizer: rmsprop } }').train.optimizer).toEqual({ name: 'rmsprop', lr: 0.001 });
  });
});

describe('activations are one concept', () => {
  const acts = (text: string) => irOf(text).models.map((m) => m.nodes.map((n) => `${n.keras}:${String(n.attrs['activation'] ?? '-')}`));
  it('activation = softmax (the layer) gives the IR of activation = "softmax"', () => {
    const asLayer = irOf('model m {\n  input(8)\n  dense(10, activation = softmax)\n}\n');
    const asString = irOf('model m {\n  input(8)\n  dense(10, activation = "softmax")\n}\n');
    const withoutLoc = (ir: typeof asLayer) => ir.models[0]!.nodes.map(({ loc: _, ...rest }) => rest);
    expect(withoutLoc(asLayer)).toEqual(withoutLoc(asString));
    expect(asLayer.structure).toEqual(asString.structure);
    expect(acts('model m {\n  input(8)\n  dense(10, activation = softmax)\n}\n')).toEqual([['InputLayer:-', 'Dense:softmax']]);
  });
  it('a block parameter bound to an activation layer, or to its name, sets the activation', () => {
    const text = 'block unit(f, act = relu) {\n  dense(f, activation = act)\n}\nmodel m(a = tanh) {\n  input(8)\n  unit(4, act = a)\n  unit(3, act = "sigmoid")\n  unit(2)\n}\n';
    expect(acts(text)).toEqual([['InputLayer:-', 'Dense:tanh', 'Dense:sigmoid', 'Dense:relu']]);
  });
  it('the README\'s three-errors example, once fixed, compiles', () => {
    const fixed = fs.readFileSync('tests/fixtures/three-errors/input.nn', 'utf8').replace('64 * 0.3', 'round(64 * 0.3)').replace('maxpol', 'maxpool').replace('activaton', 'activation');
    expect(irOf(fixed).models[0]!.nodes.at(-1)!.attrs['activation']).toBe('softmax');
  });
  it('a layer that is no activation is still refused', () => {
    const r = compileText('model m {\n  input(8)\n  dense(10, activation = dropout)\n}\n');
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['NN0205 dense activation must be one of linear, relu, relu6, sigmoid, tanh, softmax, softplus, softsign, elu, selu, swish, gelu; got a layer']);
    const leaky = compileText('model m {\n  input(8)\n  dense(10, activation = leaky_relu)\n}\n');
    expect(leaky.diagnostics.map((d) => d.code)).toEqual(['NN0208']);
  });
});
