// dropout(rate): zeroes a fraction of the values while training (Keras Dropout).
import { num, tsLayer } from './common.js';
import { shapeOk, type LayerKind } from './types.js';

export const dropout: LayerKind = {
  name: 'dropout',
  doc: 'While training, sets a fraction `rate` of the values to zero and scales up the rest (Keras Dropout).',
  family: 'dropout',
  attrs: [{ name: 'rate', type: { t: 'number', min: 0, max: 1, maxExclusive: true }, positional: true, doc: 'fraction of values dropped, 0 <= rate < 1' }],
  keras: () => 'Dropout',
  inferShape: ([input]) => shapeOk([...input!]),
  weights: () => [],
  tfjs: (tf, attrs, name) => tf.layers.dropout({ name, rate: num(attrs, 'rate') }),
  ts: (ctx) => tsLayer('dropout', { rate: ctx.args['rate'] }),
};
