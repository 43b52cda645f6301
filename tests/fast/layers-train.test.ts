// Every v1 layer trains on the fast backend: with the same weights and inputs, the gradients of a
// loss with respect to the layer's trainable weights and its input equal the reference cpu
// backend's (in training mode, so batch norm uses batch statistics).
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Attrs, Shape } from '../../src/layers/types.js';
import { layers } from '../../src/layers/registry.js';
import { mulberry32 } from '../../src/random.js';
import { kindOf, resolve } from '../layers/helpers.js';
import { type Core, hasNative, relErr, setup } from './helpers.js';

interface Case { kind: string; input: Shape; attrs?: Attrs }

const img: Shape = [9, 8, 3];
const cases: Case[] = [
  { kind: 'dense', input: [6], attrs: { units: 4, activation: 'relu', regularizer: { l1: 0.01, l2: 0.01 } } },
  { kind: 'dense', input: [3, 6], attrs: { units: 4, activation: 'sigmoid' } },
  { kind: 'conv', input: img, attrs: { filters: 4 } },
  { kind: 'conv', input: img, attrs: { filters: 4, kernel: [3, 2], stride: 2, padding: 'same', activation: 'relu', regularizer: { l1: 0, l2: 0.01 } } },
  { kind: 'conv', input: img, attrs: { filters: 4, kernel: 2, stride: [1, 3] } },
  { kind: 'conv', input: [11, 3], attrs: { filters: 4, kernel: 3, stride: 2, padding: 'same' } },
  { kind: 'conv', input: [5, 6, 4, 2], attrs: { filters: 3, kernel: 2, padding: 'same' } },
  { kind: 'dwconv', input: img },
  { kind: 'dwconv', input: img, attrs: { kernel: [2, 3], stride: 2, padding: 'same', multiplier: 2 } },
  { kind: 'sepconv', input: img, attrs: { filters: 5 } },
  { kind: 'sepconv', input: img, attrs: { filters: 5, stride: 2, padding: 'same', multiplier: 2 } },
  { kind: 'deconv', input: img, attrs: { filters: 3 } },
  { kind: 'deconv', input: img, attrs: { filters: 3, kernel: 4, stride: 2, padding: 'same' } },
  { kind: 'maxpool', input: img },
  { kind: 'maxpool', input: img, attrs: { size: 3, stride: 2, padding: 'same' } },
  { kind: 'maxpool', input: [11, 3], attrs: { size: 3 } },
  { kind: 'avgpool', input: img, attrs: { size: [2, 3], stride: 1, padding: 'same' } },
  { kind: 'avgpool', input: [11, 3] },
  { kind: 'maxpool', input: [4, 6, 4, 2] },
  { kind: 'avgpool', input: [4, 6, 4, 2] },
  { kind: 'gap', input: img },
  { kind: 'gmp', input: [11, 3] },
  { kind: 'flatten', input: img },
  { kind: 'reshape', input: img, attrs: { dims: [-1, 6] } },
  { kind: 'zeropad', input: img, attrs: { padding: [[1, 0], [2, 3]] } },
  // Square: TF.js's ResizeBilinearGrad swaps height and width (on every backend).
  { kind: 'upsample', input: [8, 8, 3] },
  { kind: 'upsample', input: [8, 8, 3], attrs: { size: [2, 3], interpolation: 'bilinear' } },
  { kind: 'bn', input: img },
  { kind: 'bn', input: [7] },
  { kind: 'ln', input: [3, 6] },
  { kind: 'leaky_relu', input: img, attrs: { alpha: 0.1 } },
  { kind: 'embedding', input: [5], attrs: { vocab: 9, dim: 4 } },
  { kind: 'rnn', input: [5, 3], attrs: { units: 4 } },
  { kind: 'lstm', input: [5, 3], attrs: { units: 4, sequences: true } },
  { kind: 'gru', input: [5, 3], attrs: { units: 4, reset_after: false } },
  ...['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'gelu', 'linear']
    .map((kind): Case => ({ kind, input: [4, 5] })),
];

let c: Core;
let counter = 0;
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Gradients of sum(layer(x) * r) with respect to the trainable weights and (float inputs) x. */
function gradients(backend: string, k: Case, seed: number): Float32Array[] {
  c.setBackend(backend);
  return c.tidy(() => {
    const int = k.kind === 'embedding';
    const input = tfl.input({ shape: k.input, dtype: int ? 'int32' : 'float32' });
    const layer = kindOf(k.kind).tfjs!(tfl, resolve(k.kind, k.attrs), `${k.kind}_f${++counter}`, k.input)!;
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const r = mulberry32(seed);
    const vals = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + r() * (hi - lo));
    model.setWeights(model.getWeights().map((w) => c.tensor(vals(w.size, 0.2, 1).map((v, i) => (i % 2 ? v : -v)), w.shape)));
    for (const w of model.weights) if (w.name.includes('moving_variance')) w.write(c.tensor(vals(size(w.shape), 0.5, 1.5), w.shape));
    const xShape = [3, ...k.input];
    const x = int ? c.tensor(Int32Array.from(vals(size(xShape), 0, 8.99), Math.floor), xShape, 'int32') : c.variable(c.tensor(vals(size(xShape)), xShape));
    const outShape = (model.outputs[0]!.shape as number[]).slice(1);
    const weightR = c.tensor(vals(3 * size(outShape)), [3, ...outShape]);
    const vars = [...model.trainableWeights.map((w) => w.read() as any), ...(int ? [] : [x])];
    const { grads } = c.variableGrads(() => c.sum(c.mul(model.apply(x, { training: true }) as any, weightR)) as any, vars);
    const out = vars.map((v) => Float32Array.from(grads[v.name]!.dataSync()));
    model.dispose();
    return out;
  });
}

beforeAll(async () => {
  c = await setup();
});

describe.skipIf(!hasNative)('gradients of every v1 layer on fast equal cpu', () => {
  test('the cases cover every trainable kind', () => {
    const skipped = new Set(['input', 'dropout', 'identity', 'add', 'concat']);
    const kinds = new Set(cases.map((k) => k.kind));
    expect(layers.map((k) => k.name).filter((k) => !skipped.has(k) && !kinds.has(k))).toEqual([]);
  });

  test.each(cases.map((k, i) => [`${k.kind} ${JSON.stringify(k.attrs ?? {})} on ${k.input.join('x')} (#${i})`, k, i] as const))('%s', (_l, k, i) => {
    const fast = gradients('fast', k, 100 + i);
    const cpu = gradients('cpu', k, 100 + i);
    expect(fast.length).toBe(cpu.length);
    expect(fast.length).toBeGreaterThan(0);
    fast.forEach((g, j) => expect(relErr(cpu[j]!, g), `gradient ${j}`).toBeLessThanOrEqual(1e-4));
  });
});
