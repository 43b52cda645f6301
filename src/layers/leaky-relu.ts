// leaky_relu(alpha = 0.3): ReLU with a small slope for negative values (Keras LeakyReLU).
import { tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = { fn: 'leakyReLU', args: [['alpha', 'alpha']] };

export const leakyRelu: LayerKind = {
  name: 'leaky_relu',
  doc: 'Leaky ReLU: x for x >= 0, alpha * x below (Keras LeakyReLU).',
  family: 'activation',
  attrs: [{ name: 'alpha', type: { t: 'number', min: 0 }, positional: true, default: 0.3, doc: 'slope for negative values' }],
  keras: () => 'LeakyReLU',
  inferShape: ([input]) => shapeOk([...input!]),
  weights: () => [],
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, leakyRelu.attrs, 'leaky_relu')(ctx),
};
