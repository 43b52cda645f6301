// Turning an IR model into a compiled TF.js model and reading its metrics: the optimizer, loss
// and metrics of the train section, what TF.js cannot train, test evaluation. No file system: the
// CLI's runs and the playground in the browser both use it.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { IrModel, IrOptimizer } from '../ir/types.js';
import { LOSS_TFJS, METRIC_TFJS, optimizerCall, type Loss, type Metric } from '../ir/training.js';
import type { Tf } from './tf.js';

/** A problem that stops a run, told in one line (no stack trace). */
export class TrainError extends Error {}

export function optimizerFor(tf: Tf, o: IrOptimizer) {
  const { fn, args } = optimizerCall(o);
  const t = tf.core.train;
  return fn === 'momentum' ? t.momentum(args[0]!, args[1]!) : t[fn](args[0]!);
}

/** TF.js's log names (acc, val_acc, val_loss) as run.json names them (accuracy, valAccuracy, valLoss). */
export function metricName(key: string): string {
  const val = key.startsWith('val_');
  const base = val ? key.slice(4) : key;
  const name = base === 'acc' || base === 'accuracy' ? 'accuracy' : base;
  return val ? `val${name[0]!.toUpperCase()}${name.slice(1)}` : name;
}

/** The loss a model trains with; a model without one cannot be trained. */
export function lossOf(model: IrModel): string {
  if (!model.train.loss) {
    throw new TrainError(`model ${model.name} has no loss: add a train section with one, e.g. train { loss: sparse_categorical_crossentropy } for integer class labels (categorical_crossentropy with one-hot labels gives the same model)`);
  }
  return model.train.loss;
}

/** Why a model cannot be trained on TF.js at all (dilated convolutions; batch norm without scale or center). */
export function untrainable(model: IrModel): string | undefined {
  const bn = model.nodes.find((n) => n.kind === 'bn' && (n.attrs['scale'] === false || n.attrs['center'] === false));
  if (bn) return `${bn.name} (bn with ${bn.attrs['scale'] === false ? 'scale' : 'center'} = false): TF.js's batch normalization cannot train without both gamma and beta, so this model can be evaluated but not trained`;
  const dilated = model.nodes.find((n) => ['conv', 'sepconv', 'dwconv'].includes(n.kind)
    && [n.attrs['dilation']].flat().some((d) => typeof d === 'number' && d > 1));
  return dilated ? `${dilated.name} (${dilated.kind} with dilation > 1): TF.js cannot compute the gradient of a dilated convolution, so this model can be evaluated but not trained` : undefined;
}

export function compileModel(tf: Tf, model: LayersModel, ir: IrModel): void {
  const loss = lossOf(ir);
  model.compile({ optimizer: optimizerFor(tf, ir.train.optimizer), loss: LOSS_TFJS[loss as Loss], metrics: ir.train.metrics.map((m) => METRIC_TFJS[m as Metric]) });
}

/** The L1/L2 penalty of the model's current weights: Σλ₁|w| + Σλ₂w² over its regularized kernels. */
export function penaltyOf(tf: Tf, model: LayersModel): number {
  return tf.core.tidy(() => {
    const losses = model.calculateLosses();
    return losses.length ? tf.core.addN(losses).dataSync()[0]! : 0;
  });
}

/**
 * Metrics of a model on a split, by run.json names. The loss includes the L1/L2 penalty, as Keras's
 * evaluate does (TF.js's leaves it out), and is also given as its two parts, dataLoss and penalty.
 */
export async function evaluateSplit(tf: Tf, model: LayersModel, x: Tensor, y: Tensor, batch: number): Promise<Record<string, number>> {
  const out = model.evaluate(x, y, { batchSize: batch });
  const scalars = Array.isArray(out) ? out : [out];
  const values = await Promise.all(scalars.map(async (s) => (await s.data())[0]!));
  scalars.forEach((s) => s.dispose());
  const metrics = Object.fromEntries(model.metricsNames.map((n, i) => [metricName(n), values[i]!]));
  const penalty = penaltyOf(tf, model);
  return { ...metrics, loss: metrics['loss']! + penalty, dataLoss: metrics['loss']!, penalty };
}
