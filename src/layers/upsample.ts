// upsample(size = 2): repeats rows and columns of a 2D input (Keras UpSampling2D).
import { label, str, tsLayer, tuple } from './common.js';
import { needs2d, normalizeTuple } from './shape-utils.js';
import { shapeOk, type LayerKind } from './types.js';

export const upsample: LayerKind = {
  name: 'upsample',
  doc: 'Upsamples a 2D input by repeating rows and columns `size` times (Keras UpSampling2D).',
  family: 'reshape',
  attrs: [
    { name: 'size', type: { t: 'ints', min: 1 }, positional: true, default: 2, doc: 'factor: a number or (h, w)' },
    { name: 'interpolation', type: { t: 'symbol', values: ['nearest', 'bilinear'] }, default: 'nearest', doc: 'nearest (repeat) or bilinear' },
  ],
  keras: () => 'UpSampling2D',
  inferShape([input], attrs) {
    if (input!.length !== 3) return needs2d(label('upsample', upsample.attrs, attrs), 'upsample', input!);
    const size = normalizeTuple(attrs['size']!, 2, 'size');
    if ('error' in size) return size.error;
    return shapeOk([input![0]! * size.value[0]!, input![1]! * size.value[1]!, input![2]!]);
  },
  weights: () => [],
  tfjs: (tf, attrs, name) =>
    tf.layers.upSampling2d({ name, size: tuple(attrs['size']!, 2), interpolation: str<'nearest' | 'bilinear'>(attrs, 'interpolation') }),
  // TF.js wants the size as [h, w].
  ts: (ctx) => {
    const size = ctx.args['size'];
    const pair = size === undefined || size.startsWith('[') ? size : `[${size}, ${size}]`;
    return tsLayer('upSampling2d', { size: pair, interpolation: ctx.args['interpolation'] }, true);
  },
};
