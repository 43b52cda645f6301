// leaky_relu(alpha = 0.3): ReLU with a small slope for negative values (Keras LeakyReLU).
import { num, tsLayer } from './common.js';
import { shapeOk, type LayerKind } from './types.js';

export const leakyRelu: LayerKind = {
  name: 'leaky_relu',
  doc: 'Leaky ReLU: x for x >= 0, alpha * x below (Keras LeakyReLU).',
  family: 'activation',
  attrs: [{ name: 'alpha', type: { t: 'number', min: 0 }, positional: true, default: 0.3, doc: 'slope for negative values' }],
  keras: () => 'LeakyReLU',
  inferShape: ([input]) => shapeOk([...input!]),
  weights: () => [],
  tfjs: (tf, attrs, name) => tf.layers.leakyReLU({ name, alpha: num(attrs, 'alpha') }),
  // TF.js's LeakyReLU defaults alpha to 0.3, as Keras does.
  ts: (ctx) => tsLayer('leakyReLU', { alpha: ctx.args['alpha'] }),
};
