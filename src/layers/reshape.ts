// reshape(d1, d2, ...): the same values in a new shape; one dimension may be -1, inferred
// from the others (Keras Reshape).
import { formatShape, shapeError, shapeOk, type LayerKind } from './types.js';
import { NotStatic, tsLayer } from './common.js';
import { product } from './shape-utils.js';

export const reshape: LayerKind = {
  name: 'reshape',
  doc: 'Gives the sample a new shape with the same number of values; one dimension may be -1 (Keras Reshape).',
  family: 'reshape',
  attrs: [{ name: 'dims', type: { t: 'dims' }, positional: true, doc: 'the new shape, one argument per axis; at most one -1, inferred' }],
  keras: () => 'Reshape',
  inferShape([input], attrs) {
    const dims = attrs['dims'] as number[];
    const at = `reshape(${dims.join(', ')})`;
    if (dims.length === 0) return shapeError('NN0202', `${at}: give the new shape, one argument per axis`, undefined, 'dims');
    if (dims.some((d) => d !== -1 && !(Number.isInteger(d) && d >= 1))) {
      return shapeError('NN0207', `${at}: dimensions must be positive integers (or one -1 to infer)`, undefined, 'dims');
    }
    const unknown = dims.filter((d) => d === -1).length;
    if (unknown > 1) return shapeError('NN0406', `${at}: only one dimension can be -1`, undefined, 'dims');
    const total = product(input!);
    const known = product(dims.filter((d) => d !== -1));
    if (unknown === 1 ? total % known !== 0 : total !== known) {
      const have = unknown === 1 ? `a multiple of ${known}` : `${known}`;
      return shapeError('NN0405', `${at}: the input ${formatShape(input!)} has ${total} values, but the new shape needs ${have}`, undefined, 'dims');
    }
    return shapeOk(dims.map((d) => (d === -1 ? total / known : d)));
  },
  weights: () => [],
  // TF.js leaves a -1 unknown (null) in its output shape, which breaks a following dense; give it
  // the inferred dimension instead.
  tfjs(tf, attrs, name, input) {
    const result = reshape.inferShape([input], attrs);
    return tf.layers.reshape({ name, targetShape: 'shape' in result ? result.shape : (attrs['dims'] as number[]) });
  },
  // As in tfjs(): a -1 is written as the dimension it stands for, which needs the input shape.
  ts(ctx) {
    const dims = ctx.args['dims']!;
    if (!/(^|[^\w.])-\s*1(?![\w.])/.test(dims)) return tsLayer('reshape', { targetShape: dims });
    if (!ctx.input) throw new NotStatic('reshape with -1: the input shape differs between uses');
    const given = JSON.parse(dims) as number[];
    const result = reshape.inferShape([ctx.input], { dims: given });
    if (!('shape' in result)) throw new NotStatic('reshape: the shape does not fit');
    return tsLayer('reshape', { targetShape: JSON.stringify(result.shape).replaceAll(',', ', ') });
  },
};
