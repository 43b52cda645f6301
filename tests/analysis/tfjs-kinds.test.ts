// Differential tests against TF.js, one small model per layer kind and construct: the builder
// makes each from the IR and TF.js's counts and shapes must equal the static summary's.
import { beforeAll, describe, expect, test } from 'vitest';
import { layers } from '../../src/layers/registry.js';
import { isChain } from '../../src/runtime/build.js';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { irOf } from '../helpers.js';
import { expectSameAsTfjs } from './tfjs-oracle.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

const cases: Record<string, string> = {
  dense: 'input(12)\ndense(5)\ndense(4, bias = false) + relu\ndense(3) + l2(0.01)',
  'dense on a sequence': 'input(6, 12)\ndense(5) + nobias + tanh',
  conv2d: 'input(9, 9, 4)\nconv(6)\nconv(6, (3, 5), stride = 2, padding = same, bias = false)\nconv(3, 2, dilation = 2) + l1l2(l1 = 0.01, l2 = 0.01)',
  conv1d: 'input(15, 3)\nconv(4, 5, stride = 2)\nconv(4, 3, dilation = 3, padding = same)',
  conv3d: 'input(6, 7, 8, 2)\nconv(3, (1, 2, 3), stride = 2)\nconv(3, padding = same)',
  dwconv: 'input(9, 9, 4)\ndwconv\ndwconv((2, 3), stride = 2, padding = same, multiplier = 3, bias = false)',
  sepconv: 'input(9, 9, 4)\nsepconv(5)\nsepconv(5, multiplier = 2, stride = 2, padding = same) + nobias',
  deconv: 'input(5, 6, 2)\ndeconv(3)\ndeconv(3, 4, stride = 2, padding = same)\ndeconv(2, (1, 3), stride = (3, 2), bias = false)',
  pooling: 'input(9, 9, 4)\nmaxpool\nmaxpool(3, stride = 2, padding = same)\navgpool((2, 1), stride = 1)',
  'pooling 1d and 3d': 'input(15, 3)\nmaxpool(4)\navgpool(padding = same)\nreshape(2, 1, 1, 3)\nmaxpool((1, 2, 1), padding = same)\navgpool(1)',
  'global pooling': 'input(9, 9, 4)\nconcat {\n  gap\n  gmp\n}',
  'global pooling 1d': 'input(15, 3)\nadd {\n  gap\n  gmp\n}',
  'flatten, reshape': 'input(4, 3, 2)\nflatten\nflatten\nreshape(6, -1)\nreshape(2, 3, 4)',
  'zeropad, upsample': 'input(5, 6, 2)\nzeropad\nzeropad((1, 2))\nzeropad(((1, 0), (2, 3)))\nupsample\nupsample((2, 3), interpolation = bilinear)',
  'dropout, bn, ln': 'input(6, 12)\ndropout(0.5)\nbn\nbn(momentum = 0.9, epsilon = 0.01, center = false)\nbn(scale = false)\nbn(center = false, scale = false)\nln\nln(center = false, scale = false)',
  activations: 'input(8)\n' + ['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'gelu', 'linear'].join(' + ') + '\nleaky_relu + leaky_relu(0.1)',
  embedding: 'input(7, dtype = "int32")\nembedding(50, 8)\nlstm(6)',
  recurrent: 'input(7, 5)\nrnn(6, sequences = true)\nlstm(6, sequences = true) + l2(0.01)\ngru(4, reset_after = false, sequences = true)\nrnn(3, bias = false)',
  'residual, add, concat': 'input(8, 8, 3)\nconv(4, padding = same)\nresidual { conv(4, padding = same) + bn + relu }\nresidual(shortcut = conv(8, 1, stride = 2) + bn) { conv(8, stride = 2, padding = same) }\nadd {\n  identity\n  { relu; bn }\n}\nconcat(axis = -2) {\n  identity\n  relu\n}\nconcat {\n  conv(2, 1)\n  identity\n}',
  'identity, repeat': 'input(6)\nidentity\nrepeat(3) { dense(6) + relu }\nidentity',
};

describe('every layer kind and construct', () => {
  test.each(Object.entries(cases))('%s', (name, body) => {
    const m = irOf(`model m {\n${body}\n}\n`).models[0]!;
    expectSameAsTfjs(tf, m, name);
  });

  test('the cases cover every registry kind', () => {
    const seen = new Set<string>();
    for (const body of Object.values(cases)) for (const n of irOf(`model m {\n${body}\n}\n`).models[0]!.nodes) seen.add(n.kind);
    // The compiler leaves identity out of the IR: there is nothing to build for it.
    const missing = layers.map((k) => k.name).filter((k) => !seen.has(k) && k !== 'identity');
    expect(missing).toEqual([]);
  });

  test('chains build as Sequential, branches as functional models', () => {
    const chain = irOf('model m {\n input(4)\n dense(3) + relu\n}\n').models[0]!;
    const branch = irOf('model m {\n input(4)\n residual { dense(4) }\n}\n').models[0]!;
    expect([isChain(chain), isChain(branch)]).toEqual([true, false]);
    expect(tf.tfl.sequential).toBeDefined();
  });
});

describe('the example specs', () => {
  test.each(['hw4/part1.nn', 'hw4/part2.nn', 'classic/lenet5.nn', 'classic/mnist_convnet.nn', 'classic/mobilenet.nn'])('%s', async (file) => {
    const { compile } = await import('../../src/check/compile.js');
    const r = compile(`specs/${file}`);
    for (const m of r.ir!.models) expectSameAsTfjs(tf, m, `${file}#${m.name}`);
  });
});
