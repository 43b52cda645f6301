// add: element-wise sum of several branches of the same shape (Keras Add).
import { tsLayer } from './common.js';
import { formatShape, shapeError, shapeOk, type LayerKind } from './types.js';

export const add: LayerKind = {
  name: 'add',
  doc: 'Sums its branches element by element; every branch must have the same shape (Keras Add).',
  family: 'merge',
  multiInput: true,
  attrs: [],
  keras: () => 'Add',
  inferShape(inputs) {
    const first = formatShape(inputs[0]!);
    if (inputs.every((s) => formatShape(s) === first)) return shapeOk([...inputs[0]!]);
    return shapeError('NN0404', `add: branch shapes differ (${inputs.map(formatShape).join(', ')}); every branch must give the same shape`);
  },
  weights: () => [],
  tfjs: (tf, _attrs, name) => tf.layers.add({ name }),
  ts: () => tsLayer('add'),
};
