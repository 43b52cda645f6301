// flatten: the whole sample as one axis (Keras Flatten). On a 1-D input it changes nothing;
// TF.js's Flatten rejects that input, so tfjs() returns null there and the builder skips it.
import { NotStatic, tsLayer } from './common.js';
import { product } from './shape-utils.js';
import { shapeError, shapeOk, type LayerKind } from './types.js';

export const flatten: LayerKind = {
  name: 'flatten',
  doc: 'Flattens the sample into one axis of all its values (Keras Flatten).',
  family: 'reshape',
  attrs: [],
  keras: () => 'Flatten',
  inferShape: ([input]) =>
    input!.length === 0 ? shapeError('NN0401', 'flatten after a scalar input: flatten needs at least one axis') : shapeOk([product(input!)]),
  weights: () => [],
  tfjs: (tf, _attrs, name, input) => (input.length <= 1 ? null : tf.layers.flatten({ name })),
  ts(ctx) {
    const rank = ctx.input?.length ?? ctx.inputRank;
    if (rank === undefined) throw new NotStatic('flatten: the input rank differs between uses');
    return rank <= 1 ? null : tsLayer('flatten');
  },
};
