// concat(axis = -1): joins branches along one axis (Keras Concatenate). The axis counts as in
// Keras: -1 is the last axis, and positive axes count the batch axis as 0, so 1 is a sample's first axis.
import { NotStatic, num, tsLayer } from './common.js';
import { formatShape, shapeError, shapeOk, type LayerKind } from './types.js';

export const concat: LayerKind = {
  name: 'concat',
  doc: 'Joins its branches along `axis`; every other axis must match (Keras Concatenate).',
  family: 'merge',
  multiInput: true,
  attrs: [{
    name: 'axis', type: { t: 'int' }, default: -1,
    doc: 'axis to join on, as in Keras: -1 is the last; 1 is the first axis of a sample (0 is the batch axis, not allowed)',
  }],
  keras: () => 'Concatenate',
  inferShape(inputs, attrs) {
    const rank = inputs[0]!.length;
    const shapes = inputs.map(formatShape).join(', ');
    if (inputs.some((s) => s.length !== rank)) return shapeError('NN0404', `concat: branches have different ranks (${shapes})`);
    const given = num(attrs, 'axis');
    const axis = given < 0 ? rank + given : given - 1;
    if (!(axis >= 0 && axis < rank)) {
      return shapeError('NN0207', `concat(axis = ${given}): axis must be from 1 to ${rank} or from -${rank} to -1 for branches of rank ${rank} (${formatShape(inputs[0]!)})`, undefined, 'axis');
    }
    const mismatch = inputs.some((s) => s.some((d, i) => i !== axis && d !== inputs[0]![i]));
    if (mismatch) return shapeError('NN0404', `concat(axis = ${given}): branch shapes differ on an axis other than the joined one (${shapes})`);
    const out = [...inputs[0]!];
    out[axis] = inputs.reduce((sum, s) => sum + s[axis]!, 0);
    return shapeOk(out);
  },
  weights: () => [],
  // TF.js mishandles negative axes other than -1 when it runs the layer; pass the positive axis.
  tfjs(tf, attrs, name, input) {
    const axis = num(attrs, 'axis');
    return tf.layers.concatenate({ name, axis: axis < -1 ? input.length + 1 + axis : axis });
  },
  ts(ctx) {
    const axis = ctx.args['axis'];
    if (axis === undefined || axis === '-1' || !/^-\d+$/.test(axis)) return tsLayer('concatenate', { axis });
    const rank = ctx.input?.length ?? ctx.inputRank;
    if (rank === undefined) throw new NotStatic('concat with a negative axis: the input rank differs between uses');
    return tsLayer('concatenate', { axis: String(rank + 1 + Number(axis)) });
  },
};
