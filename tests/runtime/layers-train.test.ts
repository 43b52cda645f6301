// Every v1 layer trains on the wasm backend: with the same weights and inputs, the gradients of
// a loss with respect to the layer's trainable weights and its input equal the cpu backend's
// (in training mode, so batch norm uses batch statistics). This exercises the stock wasm
// gradient kernels as well as the ones nnc registers.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Attrs, Shape } from '../../src/layers/types.js';
import { layers } from '../../src/layers/registry.js';
import { installChainedOps } from '../../src/runtime/tfjs-chained-ops.js';
import { wasmTrainingGap } from '../../src/runtime/backends/index.js';
import { registerMissingKernels } from '../../src/runtime/kernels/index.js';
import { mulberry32 } from '../../src/random.js';
import { kindOf, resolve } from '../layers/helpers.js';

/** wasmWrong: the stock wasm gradient differs from cpu; nnc trains such models on cpu instead. */
interface Case { kind: string; input: Shape; attrs?: Attrs; wasmWrong?: boolean }

const img: Shape = [7, 8, 3];
const cases: Case[] = [
  { kind: 'dense', input: [6], attrs: { units: 4, activation: 'relu', regularizer: { l1: 0.01, l2: 0.01 } } },
  { kind: 'dense', input: [3, 6], attrs: { units: 4 } },
  { kind: 'conv', input: img, attrs: { filters: 4 } },
  { kind: 'conv', input: img, attrs: { filters: 4, kernel: [3, 2], stride: 2, padding: 'same', activation: 'relu' } },
  { kind: 'conv', input: img, attrs: { filters: 4, kernel: 2, stride: [1, 3] } },
  { kind: 'conv', input: [11, 3], attrs: { filters: 4, kernel: 3, stride: 2, padding: 'same' } },
  { kind: 'conv', input: [5, 6, 4, 2], attrs: { filters: 3, kernel: 2, padding: 'same' }, wasmWrong: true },
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
  { kind: 'upsample', input: img, wasmWrong: true },
  { kind: 'upsample', input: img, attrs: { size: [2, 3], interpolation: 'bilinear' }, wasmWrong: true },
  { kind: 'bn', input: img },
  // bn with scale = false or center = false cannot train on any TF.js backend (nnc says so).
  { kind: 'ln', input: [3, 6] },
  { kind: 'leaky_relu', input: img, attrs: { alpha: 0.1 } },
  { kind: 'embedding', input: [5], attrs: { vocab: 9, dim: 4 } },
  { kind: 'rnn', input: [5, 3], attrs: { units: 4 } },
  { kind: 'lstm', input: [5, 3], attrs: { units: 4, sequences: true } },
  { kind: 'gru', input: [5, 3], attrs: { units: 4, reset_after: false } },
  ...['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'gelu', 'linear']
    .map((kind): Case => ({ kind, input: [4, 5] })),
];

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
let counter = 0;

/** Gradients of sum(layer(x) * r) with respect to the trainable weights and (float inputs) x. */
function gradients(backend: string, c: Case): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const attrs = resolve(c.kind, c.attrs);
    const int = c.kind === 'embedding';
    const input = tfl.input({ shape: c.input, dtype: int ? 'int32' : 'float32' });
    const layer = kindOf(c.kind).tfjs!(tfl, attrs, `${c.kind}_g${++counter}`, c.input)!;
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const r = mulberry32(counter === 0 ? 1 : 42 + cases.indexOf(c));
    const vals = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + r() * (hi - lo));
    // Same weights on both backends; moving variances positive.
    model.setWeights(model.getWeights().map((w) => tf.tensor(vals(w.size, 0.2, 1).map((v, i) => (i % 2 ? v : -v)), w.shape)));
    for (const w of model.weights) if (w.name.includes('moving_variance')) w.write(tf.tensor(vals(size(w.shape), 0.5, 1.5), w.shape));
    const xShape = [2, ...c.input];
    const x = int ? tf.tensor(Int32Array.from(vals(size(xShape), 0, 8.99), Math.floor), xShape, 'int32') : tf.variable(tf.tensor(vals(size(xShape)), xShape));
    const outShape = (model.outputs[0]!.shape as number[]).slice(1);
    const weightR = tf.tensor(vals(2 * size(outShape)), [2, ...outShape]);
    const vars = [...model.trainableWeights.filter(Boolean).map((w) => w.read() as tf.Variable), ...(int ? [] : [x as tf.Variable])];
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, weightR)) as tf.Scalar, vars);
    return vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
}

beforeAll(async () => {
  installChainedOps(tf);
  await tf.setBackend('wasm');
  await tf.ready();
  registerMissingKernels(tf, 'wasm');
});

describe('gradients of every v1 layer on wasm equal cpu', () => {
  test('the cases cover every trainable kind', () => {
    const skipped = new Set(['input', 'dropout', 'identity', 'add', 'concat']);
    const kinds = new Set(cases.map((c) => c.kind));
    expect(layers.map((k) => k.name).filter((k) => !skipped.has(k) && !kinds.has(k))).toEqual([]);
  });

  test('layers whose wasm gradients are wrong are named, so they train on cpu', () => {
    for (const c of cases.filter((x) => x.wasmWrong)) {
      const node = { id: 'n1', name: c.kind, kind: c.kind, inputs: ['n0'], outputShape: [] as number[] };
      expect(wasmTrainingGap({ nodes: [{ id: 'n0', name: 'input', kind: 'input', inputs: [], outputShape: c.input }, node] })).toMatch(/wrong/);
    }
    expect(wasmTrainingGap({ nodes: [{ id: 'n0', name: 'input', kind: 'input', inputs: [], outputShape: img }, { id: 'n1', name: 'c', kind: 'conv', inputs: ['n0'], outputShape: img }] })).toBeUndefined();
  });

  test.each(cases.filter((c) => !c.wasmWrong).map((c, i) => [`${c.kind} ${JSON.stringify(c.attrs ?? {})} on ${c.input.join('x')} (#${i})`, c] as const))('%s', (_l, c) => {
    const wasm = gradients('wasm', c);
    const cpu = gradients('cpu', c);
    expect(wasm.length).toBe(cpu.length);
    expect(wasm.length).toBeGreaterThan(0);
    wasm.forEach((g, i) => {
      const ref = cpu[i]!;
      expect(g.length).toBe(ref.length);
      let worst = 0;
      for (let j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs(g[j]! - ref[j]!) / Math.max(1, Math.abs(ref[j]!)));
      expect(worst).toBeLessThan(1e-4);
    });
  });
});
