// Training a model a few epochs through nnc's epoch function (the compiled step, or model.fit with
// NNC_COMPILED_STEP=0) and comparing two such runs, and comparing its evaluation and prediction with
// TF.js's own: what the compiled step's tests share.
import { expect } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { relErr } from './helpers.js';
import type { Tf } from '../../src/runtime/tf.js';
import { compiledStepProblem, evaluateModel, predictModel, trainEpoch } from '../../src/runtime/epoch.js';
import { evaluateSplit } from '../../src/runtime/compile-model.js';
import { restoreRandom, seedRandom } from '../../src/runtime/seed.js';

export interface StepRun {
  /** Why the model does not take the compiled step ('' when it does), before training. */
  problem: string;
  /** Each epoch's path ('compiled' or 'fit') and logs; each batch's loss and penalty. */
  paths: string[];
  logs: Record<string, number>[];
  losses: number[];
  penalties: number[];
  /** After the last epoch: the weights, the optimizer's iteration count and its weights by name. */
  weights: Float32Array[];
  iterations: number;
  optimizer: { name: string; values: Float32Array }[];
}

/** `epochs` epochs of `model` on `train` in shuffled batches of `batch`, validated on `validation`, seeded by `seed`. */
export async function runEpochs(tf: Tf, model: LayersModel, train: { x: Tensor; y: Tensor }, validation: { x: Tensor; y: Tensor },
  seed: number, batch: number, epochs: number): Promise<StepRun> {
  const run: StepRun = { problem: compiledStepProblem(tf, model), paths: [], logs: [], losses: [], penalties: [], weights: [], iterations: 0, optimizer: [] };
  for (let e = 0; e < epochs; e++) {
    seedRandom(seed, e + 1);
    try {
      const r = await trainEpoch(tf, model, train.x, train.y, e, {
        batch, shuffle: true, validation,
        onBatchEnd: (b, control) => {
          run.losses.push(b.loss);
          run.penalties.push(control.penalty());
        },
      });
      run.logs.push(r.logs);
      run.paths.push(r.path);
    } finally {
      restoreRandom();
    }
  }
  run.weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  run.iterations = model.optimizer.iterations;
  run.optimizer = (await model.optimizer.getWeights()).map((w) => ({ name: w.name, values: Float32Array.from(w.tensor.dataSync()) }));
  return run;
}

/**
 * `got` (the compiled step) against `ref` (model.fit): weights and optimizer state within `tolerance`
 * relative, the optimizer's values relative to the largest with a floor of 0.1 (an accumulator of a
 * bias feeding batch norm holds gradients that are zero up to rounding, and L1's gradient flips with
 * the sign of a weight at 0); per-batch losses within 1e-4, penalties within 1e-5, epoch logs within 1e-4.
 */
export function expectSameRun(got: StepRun, ref: StepRun, what: string, tolerance: number): void {
  expect(got.problem, what).toBe('');
  expect(got.paths, what).toEqual(got.paths.map(() => 'compiled'));
  expect(ref.paths, what).toEqual(ref.paths.map(() => 'fit'));
  expect(got.weights.length, what).toBe(ref.weights.length);
  ref.weights.forEach((w, i) => expect(relErr(w, got.weights[i]!), `${what}: weight ${i}`).toBeLessThan(tolerance));
  expect(got.iterations, what).toBe(ref.iterations);
  expect(got.optimizer.length, what).toBe(ref.optimizer.length);
  ref.optimizer.forEach(({ name, values }, i) => {
    const mag = Math.max(0.1, ...values.map(Math.abs));
    expect(relErr(values, got.optimizer[i]!.values) * Math.max(...values.map(Math.abs), 0) / mag, `${what}: ${name}`).toBeLessThan(tolerance);
  });
  expect(got.losses.length, what).toBe(ref.losses.length);
  ref.losses.forEach((l, i) => expect(Math.abs(got.losses[i]! - l), `${what}: batch ${i} loss`).toBeLessThan(1e-4 * Math.max(1, Math.abs(l))));
  ref.penalties.forEach((p, i) => expect(Math.abs(got.penalties[i]! - p), `${what}: batch ${i} penalty`).toBeLessThan(1e-5 * Math.max(1, p)));
  ref.logs.forEach((logs, e) => {
    expect(Object.keys(got.logs[e]!).sort(), what).toEqual(Object.keys(logs).sort());
    for (const [k, v] of Object.entries(logs)) expect(Math.abs(got.logs[e]![k]! - v), `${what}: epoch ${e + 1} ${k}`).toBeLessThan(1e-4);
  });
}

/**
 * nnc's evaluation and prediction of `model` on (x, y) in chunks of `chunk` (through the compiled step
 * when it takes the model) against TF.js's: every metric, and the predictions, within 1e-5 relative.
 */
export async function expectSameEvaluation(tf: Tf, model: LayersModel, x: Tensor, y: Tensor, chunk: number, what: string): Promise<void> {
  const ref = await evaluateSplit(tf, model, x, y, chunk);
  const got = await evaluateModel(tf, model, x, y, chunk);
  expect(Object.keys(got)).toEqual(Object.keys(ref));
  for (const [k, v] of Object.entries(ref)) expect(Math.abs(got[k]! - v), `${what} ${k}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)));
  const p = predictModel(tf, model, x, chunk), q = model.predict(x) as Tensor;
  expect(p.shape).toEqual(q.shape);
  expect(relErr(q.dataSync() as Float32Array, p.dataSync() as Float32Array), `${what} predictions`).toBeLessThan(1e-5);
  tf.core.dispose([p, q]);
}
