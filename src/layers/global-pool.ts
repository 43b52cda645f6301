// gap and gmp: average or maximum over every spatial axis, leaving the channels
// (Keras GlobalAveragePooling1D/2D/3D, GlobalMaxPooling1D/2D/3D). TF.js has no 3D variants.
import { tsLayer, tsRank, tsUnsupported } from './common.js';
import { describeInput } from './shape-utils.js';
import { shapeError, shapeOk, type LayerKind } from './types.js';

function globalPoolKind(name: 'gap' | 'gmp', keras: 'GlobalAveragePooling' | 'GlobalMaxPooling', what: string): LayerKind {
  return {
    name,
    doc: `Global ${what} pooling: one value per channel over all spatial axes (Keras ${keras}1D/2D/3D).`,
    family: 'pooling',
    attrs: [],
    keras: (input) => `${keras}${Math.min(Math.max(input.length - 1, 1), 3)}D`,
    inferShape([input]) {
      if (input!.length >= 2 && input!.length <= 4) return shapeOk([input!.at(-1)!]);
      return shapeError('NN0401',
        `${name} after ${describeInput(input!)}: ${name} needs a 2-D (steps, channels), 3-D (height, width, channels) or 4-D input${input!.length < 2 ? '; the input is already one value per channel, so drop it' : ''}`);
    },
    weights: () => [],
    tfjsUnsupported: (input) => (input.length === 4 ? `TF.js has no ${keras}3D, so ${name} cannot follow a 4-D input there` : undefined),
    tfjs(tf, _attrs, layerName, input) {
      const l = tf.layers;
      if (name === 'gap') return input.length === 2 ? l.globalAveragePooling1d({ name: layerName }) : l.globalAveragePooling2d({ name: layerName });
      return input.length === 2 ? l.globalMaxPooling1d({ name: layerName }) : l.globalMaxPooling2d({ name: layerName });
    },
    ts(ctx) {
      const rank = tsRank(ctx, name);
      if (rank === 3) return tsUnsupported(`TF.js has no ${keras}3D, so ${name} cannot follow a 4-D input there`);
      return tsLayer(`${name === 'gap' ? 'globalAveragePooling' : 'globalMaxPooling'}${rank}d`, {}, rank === 2);
    },
  };
}

export const gap = globalPoolKind('gap', 'GlobalAveragePooling', 'average');
export const gmp = globalPoolKind('gmp', 'GlobalMaxPooling', 'maximum');
