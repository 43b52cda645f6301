// input(d1, d2, ...): the shape of one sample, channels last, no batch axis (Keras InputLayer).
// Not a layer users chain: the model builder makes it with tf.input, so tfjs() returns null.
import { formatShape, shapeError, shapeOk, type LayerKind } from './types.js';

export const inputKind: LayerKind = {
  name: 'input',
  doc: 'The shape of one sample, channels last, without the batch axis (Keras InputLayer).',
  family: 'input',
  attrs: [
    { name: 'shape', type: { t: 'dims' }, positional: true, doc: 'the sample shape, one argument per axis' },
    { name: 'dtype', type: { t: 'symbol', values: ['float32', 'int32'] }, default: 'float32', doc: 'element type: float32, or int32 for embedding ids' },
  ],
  keras: () => 'InputLayer',
  inferShape(_inputs, attrs) {
    const shape = attrs['shape'] as number[];
    if (shape.length === 0) return shapeError('NN0202', 'input needs at least one dimension: input(d1, d2, ...)', undefined, 'shape');
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) {
      return shapeError('NN0207', `input(${formatShape(shape).replaceAll('x', ', ')}): every dimension must be a positive integer`, undefined, 'shape');
    }
    return shapeOk([...shape]);
  },
  weights: () => [],
  tfjs: () => null,
  // The model builder writes tf.input / tf.layers.inputLayer itself.
  ts: () => null,
};
