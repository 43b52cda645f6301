// ln: layer normalization over the last axis of each sample (Keras LayerNormalization).
import { bool } from './common.js';
import { tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { shapeError, shapeOk, type LayerKind, type WeightSpec } from './types.js';

const tfjsMap: TfjsMap = { fn: 'layerNormalization', args: [['epsilon', 'epsilon'], ['center', 'center'], ['scale', 'scale']] };

export const ln: LayerKind = {
  name: 'ln',
  doc: 'Layer normalization over the last axis of each sample (Keras LayerNormalization).',
  family: 'normalization',
  attrs: [
    { name: 'epsilon', type: { t: 'number', min: 0 }, default: 0.001, doc: 'added to the variance to avoid dividing by zero' },
    { name: 'center', type: { t: 'bool' }, default: true, doc: 'learn an offset beta' },
    { name: 'scale', type: { t: 'bool' }, default: true, doc: 'learn a scale gamma' },
  ],
  keras: () => 'LayerNormalization',
  inferShape: ([input]) =>
    input!.length === 0 ? shapeError('NN0401', 'ln after a scalar input: ln needs an axis to normalize') : shapeOk([...input!]),
  weights([input], attrs) {
    const c = [input!.at(-1)!];
    const out: WeightSpec[] = [];
    if (bool(attrs, 'scale')) out.push({ name: 'gamma', shape: c, trainable: true });
    if (bool(attrs, 'center')) out.push({ name: 'beta', shape: c, trainable: true });
    return out;
  },
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, ln.attrs, 'ln')(ctx),
};
