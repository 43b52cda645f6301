// Fitting a dataset to a model, checked before anything trains: the model's output units must
// match the data's classes (for the loss in use) and its input shape the samples' shape (equal,
// or the same number of values when one of them is flat: 28x28x1 digits feed a 784-input MLP).
// Labels become what the loss takes: class indices for sparse_categorical_crossentropy, one-hot
// rows for categorical_crossentropy, mse and mae, 0/1 for binary_crossentropy on one unit.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { IrModel } from '../ir/types.js';
import { product, type Dataset, type Split } from '../data/types.js';
import { formatShape } from '../layers/types.js';
import type { Tf } from './tf.js';

export const outputUnits = (model: IrModel): number => model.nodes.find((n) => n.id === model.output)!.outputShape.at(-1)!;

/** Why this model cannot be trained or evaluated on this data with this loss; undefined when it can. */
export function mismatch(model: IrModel, data: Pick<Dataset, 'name' | 'classes' | 'sampleShape'>, loss: string): string | undefined {
  const input = model.input.shape;
  const same = formatShape(input) === formatShape(data.sampleShape);
  const flat = (input.length === 1 || data.sampleShape.length === 1) && product(input) === product(data.sampleShape);
  if (!same && !flat) {
    return `model ${model.name} takes ${formatShape(input)} inputs but the samples of '${data.name}' are ${formatShape(data.sampleShape)}; `
      + `change the model's input(...) or use data of that shape (image folders are resized to the model's input)`;
  }
  const units = outputUnits(model);
  const classes = data.classes.length;
  const binaryOne = loss === 'binary_crossentropy' && units === 1;
  if (binaryOne ? classes !== 2 : units !== classes) {
    const list = data.classes.length <= 12 ? ` (${data.classes.join(', ')})` : '';
    return binaryOne
      ? `model ${model.name} ends in 1 unit with binary_crossentropy, which needs 2 classes, but '${data.name}' has ${classes}${list}`
      : `model ${model.name} ends in ${units} unit${units === 1 ? '' : 's'} but '${data.name}' has ${classes} class${classes === 1 ? '' : 'es'}${list}; make its last layer dense(${classes})`;
  }
  return undefined;
}

/** A split as tensors for the model: x in the model's input shape, y as the loss takes it. */
export function splitTensors(tf: Tf, model: IrModel, split: Split, classes: number, loss: string): { x: Tensor; y: Tensor } {
  const x = tf.core.tensor(split.x, [split.count, ...model.input.shape], 'float32');
  const y = tf.core.tidy(() => {
    const labels = tf.core.tensor1d(split.y, 'int32');
    const asColumn = loss === 'sparse_categorical_crossentropy' || (loss === 'binary_crossentropy' && outputUnits(model) === 1);
    return asColumn ? tf.core.reshape(tf.core.cast(labels, 'float32'), [split.count, 1]) : tf.core.cast(tf.core.oneHot(labels, classes), 'float32');
  });
  return { x, y };
}

/** The first `count - n` samples and the last `n` (Keras's validation_split holds out the end). */
export function holdOut(split: Split, sampleSize: number, n: number): { train: Split; validation: Split } {
  const keep = split.count - n;
  return {
    train: { x: split.x.subarray(0, keep * sampleSize), y: split.y.subarray(0, keep), count: keep },
    validation: { x: split.x.subarray(keep * sampleSize), y: split.y.subarray(keep), count: n },
  };
}
