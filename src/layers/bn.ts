// bn: batch normalization over the last (channel) axis (Keras BatchNormalization): gamma and
// beta are trained, the moving mean and variance are not.
import { bool } from './common.js';
import { tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { shapeError, shapeOk, type LayerKind, type WeightSpec } from './types.js';

const tfjsMap: TfjsMap = { fn: 'batchNormalization', args: [['momentum', 'momentum'], ['epsilon', 'epsilon'], ['center', 'center'], ['scale', 'scale']] };

export const bn: LayerKind = {
  name: 'bn',
  doc: 'Batch normalization over the channel axis (Keras BatchNormalization): 4·C parameters, 2·C of them non-trainable.',
  family: 'normalization',
  attrs: [
    { name: 'momentum', type: { t: 'number', min: 0, max: 1 }, default: 0.99, doc: 'momentum of the moving mean and variance' },
    { name: 'epsilon', type: { t: 'number', min: 0 }, default: 0.001, doc: 'added to the variance to avoid dividing by zero' },
    { name: 'center', type: { t: 'bool' }, default: true, doc: 'learn an offset beta' },
    { name: 'scale', type: { t: 'bool' }, default: true, doc: 'learn a scale gamma' },
  ],
  keras: () => 'BatchNormalization',
  inferShape: ([input]) =>
    input!.length === 0 ? shapeError('NN0401', 'bn after a scalar input: bn needs a channel axis') : shapeOk([...input!]),
  weights([input], attrs) {
    const c = [input!.at(-1)!];
    const out: WeightSpec[] = [];
    if (bool(attrs, 'scale')) out.push({ name: 'gamma', shape: c, trainable: true });
    if (bool(attrs, 'center')) out.push({ name: 'beta', shape: c, trainable: true });
    out.push({ name: 'moving_mean', shape: c, trainable: false }, { name: 'moving_variance', shape: c, trainable: false });
    return out;
  },
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, bn.attrs, 'bn')(ctx),
};
