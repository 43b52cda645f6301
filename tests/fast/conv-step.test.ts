// The compiled step on chains with convolutions against model.fit on the same `fast` backend
// (NNC_COMPILED_STEP=0): random chains of 2-D convolutions (kernel sizes, strides, paddings, bias, L2, batch norm, activations) with dropout and max pooling after them, a flatten
// and a dense head with dropout, trained with SGD, momentum or Adam: the same weights, moving
// statistics, optimizer state, per-batch losses and epoch metrics, dropout's masks included.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { hasNative, rng, setup } from './helpers.js';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { compiledStepProblem, trainEpoch } from '../../src/runtime/epoch.js';
import { compiledStep } from '../../src/runtime/fast/compiled-step.js';
import { expectSameEvaluation, expectSameRun, runEpochs, type StepRun } from './step-runs.js';
import { pick } from '../random.js';

let tf: Tf;
beforeAll(async () => {
  await setup();
  tf = await loadTf();
  tf.core.setBackend('fast');
});
afterEach(() => {
  delete process.env.NNC_COMPILED_STEP;
});

interface ConvUnit { filters: number; kernel: number; stride: number; dilation: number; padding: 'same' | 'valid'; bias: boolean; bn: boolean; act: string; l2: number; dropout: number; pool: number; poolFirst: boolean }
interface Config { input: [number, number, number]; convs: ConvUnit[]; dense: number; denseBn: boolean; denseDropout: number; classes: number; categorical: boolean; optimizer: 'sgd' | 'momentum' | 'adam'; lr: number; seed: number }

function build(cfg: Config): LayersModel {
  const { tfl } = tf;
  const m = tfl.sequential();
  m.add(tfl.layers.inputLayer({ inputShape: cfg.input }));
  let seed = cfg.seed;
  for (const u of cfg.convs) {
    m.add(tfl.layers.conv2d({
      filters: u.filters, kernelSize: u.kernel, strides: u.stride, dilationRate: u.dilation, padding: u.padding, useBias: u.bias,
      activation: (u.bn ? 'linear' : u.act) as never, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }),
      biasInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ }),
      ...(u.l2 ? { kernelRegularizer: tfl.regularizers.l2({ l2: u.l2 }) } : {}),
    }));
    if (u.bn) {
      m.add(tfl.layers.batchNormalization({ momentum: 0.9 }));
      m.add(tfl.layers.activation({ activation: u.act as never }));
    }
    const drop = () => u.dropout && m.add(tfl.layers.dropout({ rate: u.dropout }));
    const pool = () => u.pool && m.add(tfl.layers.maxPooling2d({ poolSize: u.pool, padding: u.padding }));
    if (u.poolFirst) pool(), drop();
    else drop(), pool();
  }
  m.add(tfl.layers.flatten());
  const bias = () => tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ });
  m.add(tfl.layers.dense({ units: cfg.dense, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }), biasInitializer: bias(), useBias: !(cfg.denseBn && cfg.optimizer === 'adam'), activation: (cfg.denseBn ? 'linear' : 'relu') as never }));
  if (cfg.denseBn) {
    m.add(tfl.layers.batchNormalization({ momentum: 0.9 }));
    m.add(tfl.layers.activation({ activation: 'relu' }));
  }
  if (cfg.denseDropout) m.add(tfl.layers.dropout({ rate: cfg.denseDropout }));
  m.add(tfl.layers.dense({ units: cfg.classes, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }), biasInitializer: bias() }));
  const t = tf.core.train;
  const optimizer = cfg.optimizer === 'momentum' ? t.momentum(cfg.lr, 0.9) : cfg.optimizer === 'adam' ? t.adam(cfg.lr) : t.sgd(cfg.lr);
  m.compile({ optimizer, loss: cfg.categorical ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function data(cfg: Config, n: number, seed: number): { x: Tensor; y: Tensor } {
  const r = rng(seed);
  const size = cfg.input.reduce((a, b) => a * b, 1);
  const x = tf.core.tensor(Float32Array.from({ length: n * size }, () => r() * 4 - 2), [n, ...cfg.input]);
  const labels = Array.from({ length: n }, () => Math.floor(r() * cfg.classes));
  const y = cfg.categorical ? tf.core.oneHot(tf.core.tensor1d(labels, 'int32'), cfg.classes).cast('float32')
    : tf.core.tensor(Float32Array.from(labels), [n, 1]);
  return { x, y };
}

async function train(cfg: Config, compiled: boolean, n: number, batch: number, epochs: number): Promise<StepRun> {
  process.env.NNC_COMPILED_STEP = compiled ? '1' : '0';
  const model = build(cfg);
  const t = data(cfg, n, cfg.seed + 1), v = data(cfg, 11, cfg.seed + 2);
  const run = await runEpochs(tf, model, t, v, cfg.seed, batch, epochs);
  model.dispose();
  tf.core.dispose([t.x, t.y, v.x, v.y]);
  return run;
}

// Both paths run the same kernels, but not every sum in the same order (TF.js adds a batch norm's two
// input gradients in tape order, and its crossentropy on the cpu backend's kernels), so values
// differ by rounding, which three layers of batch norm and dropout amplify over ten steps: measured up
// to 9e-6 relative in the weights and 2.1e-5 in the momentum accumulators, against 1.00 for a wrong mask
// or gradient.
const TOLERANCE = 5e-5;

function expectSame(got: StepRun, ref: StepRun, what: string) {
  expectSameRun(got, ref, what, TOLERANCE);
}

function randomConfig(r: () => number, seed: number, optimizer: Config['optimizer']): Config {
  const depth = 1 + Math.floor(r() * 3);
  const input: Config['input'] = [pick(r, [12, 16]), pick(r, [12, 13]), pick(r, [1, 3])];
  let size = Math.min(input[0], input[1]);  // the smaller side so far: valid padding and pooling must leave ≥ 1
  const convs: ConvUnit[] = Array.from({ length: depth }, (_, i) => {
    const bn = r() < 0.5;
    const kernel = pick(r, [1, 3, 3, 5]);
    const stride = i === 0 && r() < 0.3 ? 2 : 1;
    const padding = size - kernel + 1 >= 2 && r() < 0.35 ? 'valid' : 'same';
    size = Math.ceil((padding === 'valid' ? size - kernel + 1 : size) / stride);
    const pool = size >= 2 && r() < 0.6 ? 2 : 0;
    if (pool) size = padding === 'valid' ? Math.floor(size / 2) : Math.ceil(size / 2);
    return {
      filters: pick(r, [3, 8, 16]), kernel, stride, dilation: 1, padding, bias: optimizer === 'adam' ? !bn : r() < 0.75, bn,
      // Adam turns gradients that are zero but for rounding into steps of the learning rate; a linear
      // unit before a batch norm has such gradients (its offset and bias), so Adam's units are not linear.
      act: pick(r, optimizer === 'adam' ? ['relu', 'tanh', 'sigmoid'] : ['relu', 'relu', 'linear', 'tanh', 'sigmoid']), l2: r() < 0.5 ? 0.001 : 0,
      dropout: r() < 0.5 ? pick(r, [0, 0.25, 0.5]) : 0, pool, poolFirst: r() < 0.3,
    };
  });
  return {
    input, convs, dense: pick(r, [8, 20]), denseBn: r() < 0.4, denseDropout: r() < 0.5 ? 0.5 : 0, classes: pick(r, [2, 4]),
    categorical: r() < 0.5, optimizer, lr: optimizer === 'sgd' ? pick(r, [0.01, 0.05]) : optimizer === 'momentum' ? 0.01 : 0.001, seed,
  };
}

describe.skipIf(!hasNative)('the compiled step with convolutions', () => {
  it('trains random convolutional chains as model.fit does', async () => {
    const r = rng(20261204);
    for (let i = 0; i < 15; i++) {
      const cfg = randomConfig(r, 300 + i * 11, (['sgd', 'momentum', 'adam'] as const)[i % 3]);
      const n = pick(r, [19, 24]);
      const batch = pick(r, [4, 8, 5]);
      const what = `chain ${i}: ${JSON.stringify(cfg)}, ${n} samples, batch ${batch}`;
      const ref = await train(cfg, false, n, batch, 2);
      const got = await train(cfg, true, n, batch, 2);
      expectSame(got, ref, what);
    }
  }, 300_000);

  it('evaluates and predicts as TF.js does, in chunks of the batch', async () => {
    const r = rng(6);
    for (let i = 0; i < 3; i++) {
      const cfg = randomConfig(r, 40 + i, 'sgd');
      const model = build(cfg);
      const t = data(cfg, 75, 9 + i);
      await trainEpoch(tf, model, t.x, t.y, 0, { batch: 8, shuffle: true, onBatchEnd: () => {} });
      await expectSameEvaluation(tf, model, t.x, t.y, 16, `${i}`);
      tf.core.dispose([t.x, t.y]);
      model.dispose();
    }
  }, 60_000);

  it('leaves to model.fit what it does not cover, and says why', () => {
    const { tfl } = tf;
    const chain = (...layers: any[]) => {
      const m = tfl.sequential();
      m.add(tfl.layers.inputLayer({ inputShape: [8, 8, 2] }));
      for (const l of layers) m.add(l);
      m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
      return m;
    };
    const conv = (more = {}) => tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', ...more });
    const head = () => [tfl.layers.flatten(), tfl.layers.dense({ units: 2, activation: 'softmax' })];
    const cases: [LayersModel, string][] = [
      [chain(conv(), tfl.layers.averagePooling2d({ poolSize: 2 }), ...head()), 'average_pooling2d_AveragePooling2D1 (AveragePooling2D) is not a dense or convolution layer, batch norm, activation, dropout or max pooling'],
      [chain(conv({ dilationRate: 2 }), ...head()), 'conv2d_Conv2D2: a dilated convolution'],
      [chain(conv(), tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.activation({ activation: 'relu' }), ...head()), 'activation_Activation1 (Activation) after dropout or pooling'],
      [chain(conv(), tfl.layers.dropout({ rate: 0.5, noiseShape: [1, 1, 1, 2] }), ...head()), 'dropout_Dropout1: dropout with a noise shape'],
      [chain(conv(), tfl.layers.flatten(), tfl.layers.dense({ units: 4 }), tfl.layers.reshape({ targetShape: [2, 2, 1] }), conv(), ...head()), 'reshape_Reshape1 (Reshape) after a dense layer'],
      [chain(conv({ activation: 'softmax' }), ...head()), 'conv2d_Conv2D6: softmax on a convolution'],
      [chain(conv()), 'no dense layer last'],
    ];
    // Layer names end in a counter shared by all models: compared without it.
    const plain = (why: string) => why.replace(/\d+(?=[ :])/g, '');
    expect(cases.map(([m]) => plain(compiledStepProblem(tf, m)))).toEqual(cases.map(([, why]) => plain(why)));
    for (const [m] of cases) m.dispose();
  });

  it('declines, rather than aborts, when its buffers cannot be allocated', async () => {
    const cfg = randomConfig(rng(9), 9, 'sgd');
    const model = build(cfg);
    const step = compiledStep(tf, model)!;
    // A trillion samples a batch: terabytes of buffers, which calloc refuses.
    expect(step.ready(1e12)).toBe(false);
    expect(step.ready(8)).toBe(true);
    model.dispose();
  });

  it('keeps its native net from call to call, and follows weights set in between', async () => {
    const cfg = randomConfig(rng(12), 12, 'adam');
    const model = build(cfg);
    const t = data(cfg, 24, 3);
    const step = compiledStep(tf, model)!;
    await trainEpoch(tf, model, t.x, t.y, 0, { batch: 8, shuffle: true, onBatchEnd: () => {} });
    expect(compiledStep(tf, model)).toBe(step);
    // New values for every weight, as a checkpoint's load or setWeights puts them.
    const r = rng(13);
    model.setWeights(model.getWeights().map((w) => tf.core.tensor(Float32Array.from(w.dataSync(), (v) => v * (0.5 + r())), w.shape)));
    await expectSameEvaluation(tf, model, t.x, t.y, 8, 'after setWeights');
    tf.core.dispose([t.x, t.y]);
    model.dispose();
  });
});
