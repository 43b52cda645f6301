// The training facts every stage shares, in one table each: the losses, metrics and optimizers a
// train section may name, their defaults, and what TF.js calls them. The checker validates
// against these lists, the runtime compiles models with them, and the code generator prints them.
import type { AttrSpec } from '../layers/types.js';
import type { IrOptimizer } from './types.js';

/** Each loss and TF.js's name for it. */
export const LOSS_TFJS = {
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
} as const;
export type Loss = keyof typeof LOSS_TFJS;
export const LOSSES = Object.keys(LOSS_TFJS) as Loss[];

/** Each metric and TF.js's name for it (its short names where TF.js has them). */
export const METRIC_TFJS = { accuracy: 'accuracy', ...LOSS_TFJS, mse: 'mse', mae: 'mae' } as const;
export type Metric = keyof typeof METRIC_TFJS;
export const METRICS = Object.keys(METRIC_TFJS) as Metric[];

const lr = (value: number): AttrSpec => ({ name: 'lr', type: { t: 'number', min: 0 }, default: value, positional: true, doc: 'learning rate' });

/** Optimizers and their settings, with Keras's defaults. */
export const OPTIMIZERS: Record<IrOptimizer['name'], readonly AttrSpec[]> = {
  sgd: [lr(0.01), { name: 'momentum', type: { t: 'number', min: 0 }, default: 0, doc: 'momentum' }],
  adam: [lr(0.001)],
  rmsprop: [lr(0.001)],
  adagrad: [lr(0.01)],
  adamax: [lr(0.002)],
  adadelta: [lr(0.001)],
};

/** The `tf.train` factory that makes an optimizer and its arguments: SGD with momentum is `momentum(lr, m)`. */
export function optimizerCall(o: IrOptimizer): { fn: 'sgd' | 'momentum' | Exclude<IrOptimizer['name'], 'sgd'>; args: number[] } {
  const rate = Number(o.lr);
  if (o.name === 'sgd') return Number(o['momentum'] ?? 0) > 0 ? { fn: 'momentum', args: [rate, Number(o['momentum'])] } : { fn: 'sgd', args: [rate] };
  return { fn: o.name, args: [rate] };
}
