// One epoch of training, evaluation and prediction, on whichever path fits the model: the
// compiled step of the `fast` backend (fast/compiled-step.ts) when the model qualifies, else
// TF.js's model.fit / evaluate / predict. Both paths draw the same shuffle from Math.random
// (which the run's seed drives), average the epoch's metrics as model.fit does, validate after
// the last batch, and report each batch to the same hook.
import type { LayersModel, Logs } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { evaluateSplit, penaltyOf } from './compile-model.js';
import { compiledStep, type CompiledStep } from './fast/compiled-step.js';
import type { Tf } from './tf.js';

export { compiledStepProblem } from './fast/compiled-step.js';

export interface BatchEnd {
  /** 0-based. */
  batch: number;
  loss: number;
  accuracy?: number;
}

export interface StepControl {
  /** The L1/L2 penalty of the weights after this batch's step. */
  penalty(): number;
  /** Ends the epoch after this batch. */
  stop(): void;
}

export interface EpochOptions {
  batch: number;
  shuffle: boolean;
  validation?: { x: Tensor; y: Tensor };
  onBatchEnd(end: BatchEnd, control: StepControl): void | Promise<void>;
}

export interface EpochResult {
  /** The epoch's metrics by TF.js's log names (loss, acc, val_loss, val_acc). */
  logs: Record<string, number>;
  path: 'compiled' | 'fit';
}

/** Trains epoch `epoch` (0-based) of `model` on x, y. */
export async function trainEpoch(tf: Tf, model: LayersModel, x: Tensor, y: Tensor, epoch: number, opts: EpochOptions): Promise<EpochResult> {
  const step = compiledStep(tf, model);
  if (step?.ready(opts.batch)) return { logs: await compiledEpoch(tf, step, x, y, opts), path: 'compiled' };
  const history = await model.fit(x, y, {
    batchSize: opts.batch, epochs: epoch + 1, initialEpoch: epoch, shuffle: opts.shuffle, verbose: 0,
    ...(opts.validation ? { validationData: [opts.validation.x, opts.validation.y] as [Tensor, Tensor] } : {}),
    callbacks: {
      onBatchEnd: async (b: number, logs?: Logs) => {
        await opts.onBatchEnd({ batch: b, loss: Number(logs?.['loss']), accuracy: logs?.['acc'] ?? logs?.['accuracy'] },
          { penalty: () => penaltyOf(tf, model), stop: () => { model.stopTraining = true; } });
      },
    },
  });
  const logs: Record<string, number> = {};
  for (const [k, vals] of Object.entries(history.history)) logs[k] = Number(vals[0]);
  return { logs, path: 'fit' };
}

async function compiledEpoch(tf: Tf, step: CompiledStep, x: Tensor, y: Tensor, opts: EpochOptions): Promise<Record<string, number>> {
  const acc = step.plan.accuracy;
  const n = x.shape[0]!;
  // model.fit: indices 0..n-1, shuffled by TF.js's util.shuffle (Math.random), batches in order.
  const idx = new Int32Array(n).map((_, i) => i);
  if (opts.shuffle) tf.core.util.shuffle(idx);
  const batches = Math.ceil(n / opts.batch);
  let penalty = step.penalty();
  let seen = 0, lossSum = 0, accSum = 0, stopped = false, yielded = performance.now();
  let val: { loss: number; accuracy: number } | undefined;
  const control: StepControl = { penalty: () => penalty, stop: () => { stopped = true; } };
  for (let b = 0; b < batches && !stopped; b++) {
    const start = b * opts.batch, end = Math.min(n, start + opts.batch);
    const r = step.step(x, y, idx, start, end);
    const loss = Math.fround(r.loss + penalty);
    penalty = r.penalty;
    seen += end - start;
    lossSum += loss * (end - start);
    accSum += r.accuracy * (end - start);
    if (b === batches - 1 && opts.validation) val = step.evaluate(opts.validation.x, opts.validation.y);
    await opts.onBatchEnd({ batch: b, loss, ...(acc ? { accuracy: r.accuracy } : {}) }, control);
    // Let timers and signals through now and then, as model.fit's callbacks do.
    if (performance.now() - yielded > 100) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
  }
  const logs: Record<string, number> = { loss: lossSum / seen };
  if (acc) logs[acc] = accSum / seen;
  if (val) {
    logs['val_loss'] = val.loss;
    if (acc) logs[`val_${acc}`] = val.accuracy;
  }
  return logs;
}

/**
 * Metrics of a model on a split, as evaluateSplit gives them (run.json names; loss with the
 * penalty, dataLoss, penalty), through the compiled forward when the model qualifies.
 */
export async function evaluateModel(tf: Tf, model: LayersModel, x: Tensor, y: Tensor, batch: number): Promise<Record<string, number>> {
  const step = compiledStep(tf, model);
  if (!step?.ready()) return evaluateSplit(tf, model, x, y, batch);
  const { loss, accuracy } = step.evaluate(x, y);
  const penalty = step.penalty();
  return { loss: loss + penalty, ...(step.plan.accuracy ? { accuracy } : {}), dataLoss: loss, penalty };
}

/** The model's outputs for x, through the compiled forward when the model qualifies. */
export function predictModel(tf: Tf, model: LayersModel, x: Tensor, batch: number): Tensor {
  const step = compiledStep(tf, model);
  return step?.ready() ? step.predict(x) : (model.predict(x, { batchSize: batch }) as Tensor);
}
