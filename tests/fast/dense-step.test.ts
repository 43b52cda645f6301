// The compiled step on dense chains against model.fit on the same `fast` backend (NNC_COMPILED_STEP=0): on
// random chains of dense layers (widths, activations, bias, L1/L2, batch norm, both crossentropy
// losses, batch sizes that do and do not divide the samples), one or two epochs from the same
// weights and the same shuffle give the same weights, moving statistics, optimizer state, epoch
// metrics and per-batch losses; models it does not cover keep model.fit.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { hasNative, rng, setup } from './helpers.js';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { compiledStepProblem, trainEpoch } from '../../src/runtime/epoch.js';
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

interface Layer { units: number; bias: boolean; act: string; bn: boolean; l1: number; l2: number; biasL1: number }
interface Config { input: number[]; layers: Layer[]; categorical: boolean; lr: number; seed: number; extra?: 'dropout' | 'momentum' | 'nesterov' | 'adam' | 'rmsprop' }

function build(cfg: Config): LayersModel {
  const { tfl } = tf;
  const m = tfl.sequential();
  m.add(tfl.layers.inputLayer({ inputShape: cfg.input }));
  if (cfg.input.length > 1) m.add(tfl.layers.flatten());
  cfg.layers.forEach((l, i) => {
    const last = i === cfg.layers.length - 1;
    const reg = (a: number, b: number) => (a || b ? tfl.regularizers.l1l2({ l1: a, l2: b }) : undefined);
    m.add(tfl.layers.dense({
      units: l.units, useBias: l.bias, activation: (l.bn || last ? 'linear' : l.act) as never,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: cfg.seed + i }),
      biasInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: cfg.seed + 50 + i }),
      kernelRegularizer: reg(l.l1, l.l2), biasRegularizer: reg(l.biasL1, 0),
    }));
    if (l.bn) m.add(tfl.layers.batchNormalization({ momentum: 0.9 }));
    if (cfg.extra === 'dropout' && i === 0) m.add(tfl.layers.dropout({ rate: 0.2 }));
    if (last) m.add(tfl.layers.activation({ activation: 'softmax' }));
    else if (l.bn) m.add(tfl.layers.activation({ activation: l.act as never }));
  });
  const t = tf.core.train;
  const optimizer = cfg.extra === 'momentum' || cfg.extra === 'nesterov' ? t.momentum(cfg.lr, 0.9, cfg.extra === 'nesterov')
    : cfg.extra === 'adam' ? t.adam(cfg.lr) : cfg.extra === 'rmsprop' ? t.rmsprop(cfg.lr) : t.sgd(cfg.lr);
  m.compile({ optimizer, loss: cfg.categorical ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function data(cfg: Config, n: number, seed: number): { x: Tensor; y: Tensor } {
  const r = rng(seed);
  const size = cfg.input.reduce((a, b) => a * b, 1);
  const classes = cfg.layers.at(-1)!.units;
  const x = tf.core.tensor(Float32Array.from({ length: n * size }, () => r() * 4 - 2), [n, ...cfg.input]);
  const labels = Array.from({ length: n }, () => Math.floor(r() * classes));
  const y = cfg.categorical ? tf.core.oneHot(tf.core.tensor1d(labels, 'int32'), classes).cast('float32')
    : tf.core.tensor(Float32Array.from(labels), [n, 1]);
  return { x, y };
}

interface Run extends StepRun { accumulatorNames: string[] }

async function train(cfg: Config, compiled: boolean, n: number, batch: number, epochs: number): Promise<Run> {
  if (compiled) delete process.env.NNC_COMPILED_STEP;
  else process.env.NNC_COMPILED_STEP = '0';
  const model = build(cfg);
  const t = data(cfg, n, cfg.seed + 1), v = data(cfg, 23, cfg.seed + 2);
  const run = await runEpochs(tf, model, t, v, cfg.seed, batch, epochs);
  const momentum = cfg.extra === 'momentum' || cfg.extra === 'nesterov';
  const names = (suffix: string) => model.trainableWeights.map((w) => `${w.read().name}/${suffix}`);
  const accumulatorNames = ['iter', ...(momentum ? names('momentum') : cfg.extra === 'adam' ? [...names('m'), ...names('v')] : [])];
  model.dispose();
  tf.core.dispose([t.x, t.y, v.x, v.y]);
  return { ...run, accumulatorNames };
}

type Optimizer = 'sgd' | 'momentum' | 'nesterov' | 'adam';

function randomConfig(r: () => number, seed: number, optimizer: Optimizer = pick(r, ['sgd', 'sgd', 'momentum', 'nesterov', 'adam'] as const)): Config {
  const depth = 1 + Math.floor(r() * 3);
  const layers: Layer[] = Array.from({ length: depth }, (_, i) => ({
    units: i === depth - 1 ? 2 + Math.floor(r() * 9) : pick(r, [1, 5, 16, 33, 70]),
    bias: r() < 0.75, act: pick(r, ['linear', 'relu', 'sigmoid', 'tanh']), bn: i < depth - 1 && r() < 0.4,
    l1: r() < 0.3 ? 0.001 : 0, l2: r() < 0.3 ? 0.002 : 0, biasL1: r() < 0.2 ? 0.001 : 0,
  }));
  const extra = optimizer === 'sgd' ? undefined : optimizer;
  // With momentum 0.9 a step is up to 10× the learning rate: 0.2 would make training chaotic, where
  // rounding differences grow without bound.
  const lr = pick(r, [0.01, 0.05, 0.2]);
  const input = r() < 0.3 ? [3, 7] : [pick(r, [1, 8, 40])];
  // Adam scales every gradient to about one step of the learning rate, rounding noise included, so
  // weights whose gradient is zero but for rounding follow the noise: a bias feeding batch norm, the
  // kernel of one input feature feeding it, and the offset of a batch norm whose linear output the
  // next batch norm centres again. Adam's chains leave these out.
  if (extra === 'adam') {
    layers.forEach((l, i) => {
      const width = i ? layers[i - 1]!.units : input.reduce((a, b) => a * b, 1);
      l.bn &&= width > 1;
      l.bias &&= !l.bn;
      if (l.bn && l.act === 'linear') l.act = 'relu';
    });
  }
  return { input, layers, categorical: r() < 0.5, lr: extra ? Math.min(lr, 0.05) : lr, seed, ...(extra ? { extra } : {}) };
}

function expectSame(got: Run, ref: Run, what: string) {
  expectSameRun(got, ref, what, 1e-5);
  // The optimizer's state as a checkpoint saves it: iterations, then momentum's accumulators by name.
  expect(got.optimizer.map((w) => w.name), what).toEqual(got.accumulatorNames);
  expect(ref.optimizer.map((w) => w.name), what).toEqual(ref.accumulatorNames);
}

describe.skipIf(!hasNative)('the compiled step on dense chains', () => {
  it('trains random dense chains as model.fit does', async () => {
    const r = rng(20261203);
    const covered = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const cfg = randomConfig(r, 1000 + i * 7, (['sgd', 'momentum', 'nesterov', 'adam'] as const)[i % 4]);
      covered.add(`${cfg.extra ?? 'sgd'}${cfg.layers.some((l) => l.bn) ? '+bn' : ''}`);
      const n = pick(r, [37, 64, 50]);
      const batch = pick(r, [1, 4, 32, 7]);
      const epochs = batch === 1 ? 1 : 2;
      const what = `chain ${i}: ${JSON.stringify(cfg)}, ${n} samples, batch ${batch}`;
      const ref = await train(cfg, false, n, batch, epochs);
      const got = await train(cfg, true, n, batch, epochs);
      expectSame(got, ref, what);
    }
    expect([...covered].sort()).toEqual(['adam', 'adam+bn', 'momentum', 'momentum+bn', 'nesterov', 'nesterov+bn', 'sgd', 'sgd+bn']);
  }, 120_000);

  it("covers part 1's MLP with and without batch norm, at batch 32 and 1", async () => {
    for (const bn of [false, true]) {
      for (const batch of [32, 1]) {
        const layers: Layer[] = [
          { units: 128, bias: true, act: 'relu', bn, l1: 0, l2: 0, biasL1: 0 },
          { units: 64, bias: true, act: 'sigmoid', bn, l1: 0, l2: 0, biasL1: 0 },
          { units: 10, bias: true, act: 'softmax', bn: false, l1: 0, l2: 0, biasL1: 0 },
        ];
        const cfg: Config = { input: [28, 28], layers, categorical: false, lr: 0.01, seed: 77 };
        const n = batch === 1 ? 60 : 200;
        expectSame(await train(cfg, true, n, batch, 1), await train(cfg, false, n, batch, 1), `mlp bn=${bn} batch ${batch}`);
      }
    }
  }, 120_000);

  it('draws the masks of dropout layers as tf.dropout does', async () => {
    const r = rng(77);
    for (let i = 0; i < 4; i++) {
      // The builder puts the dropout after the first layer, before its batch norm's activation or
      // the softmax of a one-layer chain, which the step leaves to model.fit: two layers, no batch norm.
      let cfg: Config;
      do cfg = { ...randomConfig(r, 60 + i, 'sgd'), extra: 'dropout' };
      while (cfg.layers.length < 2);
      cfg.layers.forEach((l) => { l.bn = false; });
      const what = `chain ${i}: ${JSON.stringify(cfg)}`;
      expectSame(await train(cfg, true, 40, 8, 2), await train(cfg, false, 40, 8, 2), what);
    }
  }, 60_000);

  it("evaluates and predicts as TF.js does, across the threads' turns of rows", async () => {
    const r = rng(5);
    for (let i = 0; i < 4; i++) {
      const cfg = randomConfig(r, 5 + i);
      cfg.layers[0]!.bn = cfg.layers.length > 1;
      const model = build(cfg);
      const t = data(cfg, 1100, 9 + i);
      await trainEpoch(tf, model, t.x, t.y, 0, { batch: 64, shuffle: true, onBatchEnd: () => {} });
      await expectSameEvaluation(tf, model, t.x, t.y, 16, `${i}`);
      tf.core.dispose([t.x, t.y]);
      model.dispose();
    }
  });

  it('stops on a non-finite loss at the batch model.fit stops at', async () => {
    const cfg: Config = { input: [8], layers: [{ units: 16, bias: true, act: 'linear', bn: false, l1: 0, l2: 0, biasL1: 0 }, { units: 3, bias: true, act: 'softmax', bn: false, l1: 0, l2: 0, biasL1: 0 }], categorical: false, lr: 1e30, seed: 3 };
    const stops: { path: string; batch: number; loss: number }[] = [];
    for (const compiled of [true, false]) {
      process.env.NNC_COMPILED_STEP = compiled ? '1' : '0';
      const model = build(cfg);
      const t = data(cfg, 40, 4);
      let stop = { batch: -1, loss: 0 };
      const r = await trainEpoch(tf, model, t.x, t.y, 0, {
        batch: 2, shuffle: false,
        onBatchEnd: (b, control) => {
          if (!Number.isFinite(b.loss) && stop.batch < 0) {
            stop = { batch: b.batch, loss: b.loss };
            control.stop();
          }
        },
      });
      stops.push({ path: r.path, ...stop });
      tf.core.dispose([t.x, t.y]);
      model.dispose();
    }
    expect(stops[0]!.path).toBe('compiled');
    expect(stops[0]!.batch).toBeGreaterThanOrEqual(1);
    expect(stops[0]).toEqual({ ...stops[1]!, path: 'compiled' });
  });

  it('native: a malformed description is a RangeError, not a crash', async () => {
    const { loadNative } = await import('../../src/runtime/fast/addon.js');
    const nk = loadNative()!;
    expect(() => nk.stepNet!(Float64Array.of(1, 0, 0.1, 8, 0, 0), new Float64Array(10), [])).toThrow(RangeError);
    expect(() => nk.stepNet!(new Float64Array(12), new Float64Array(10), [])).toThrow(/1 to 64 layers/);
    expect(() => nk.stepNet!(Float64Array.of(1, 0, 0.1, 8, 0, 0, 0, 0, 0, 0, 0, 0), new Float64Array(10), new Array(13).fill(null))).toThrow(RangeError);
  });

  it('leaves models it does not cover to model.fit', async () => {
    const base = randomConfig(rng(8), 8);
    const cases: [Config, RegExp][] = [[{ ...base, extra: 'rmsprop' }, /the optimizer RMSProp/]];
    for (const [cfg, why] of cases) {
      const model = build(cfg);
      expect(compiledStepProblem(tf, model)).toMatch(why);
      const t = data(cfg, 20, 3);
      const r = await trainEpoch(tf, model, t.x, t.y, 0, { batch: 8, shuffle: true, onBatchEnd: () => {} });
      expect(r.path).toBe('fit');
      tf.core.dispose([t.x, t.y]);
      model.dispose();
    }
    const plain = build(base);
    expect(compiledStepProblem(tf, plain)).toBe('');
    process.env.NNC_COMPILED_STEP = '0';
    expect(compiledStepProblem(tf, plain)).toBe('NNC_COMPILED_STEP=0');
    delete process.env.NNC_COMPILED_STEP;
    tf.core.setBackend('cpu');
    expect(compiledStepProblem(tf, plain)).toBe('the backend is cpu, not fast');
    tf.core.setBackend('fast');
    plain.dispose();
  });
});
