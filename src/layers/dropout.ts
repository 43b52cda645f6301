// dropout(rate): zeroes a fraction of the values while training (Keras Dropout).
import { tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = { fn: 'dropout', args: [['rate', 'rate']] };

export const dropout: LayerKind = {
  name: 'dropout',
  doc: 'While training, sets a fraction `rate` of the values to zero and scales up the rest (Keras Dropout).',
  family: 'dropout',
  attrs: [{ name: 'rate', type: { t: 'number', min: 0, max: 1, maxExclusive: true }, positional: true, doc: 'fraction of values dropped, 0 <= rate < 1' }],
  keras: () => 'Dropout',
  inferShape: ([input]) => shapeOk([...input!]),
  weights: () => [],
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, dropout.attrs, 'dropout')(ctx),
};
