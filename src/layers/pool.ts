// maxpool(size = 2) and avgpool(size = 2): windowed pooling over 1, 2 or 3 spatial axes, from
// the input's rank (Keras MaxPooling1D/2D/3D, AveragePooling1D/2D/3D). `stride` defaults to `size`.
import { label, paddingAttr, str, tsLayer, tsRank, tuple, type TfTuple } from './common.js';
import { convGeometry, describeInput, type Padding } from './shape-utils.js';
import { shapeError, shapeOk, type Attrs, type LayerKind, type TfContext } from './types.js';

function poolKind(name: 'maxpool' | 'avgpool', keras: 'MaxPooling' | 'AveragePooling', what: string): LayerKind {
  const kind: LayerKind = {
    name,
    doc: `${what} pooling over windows of \`size\`; 1D, 2D or 3D from the input rank (Keras ${keras}1D/2D/3D).`,
    family: 'pooling',
    attrs: [
      { name: 'size', type: { t: 'ints', min: 1 }, positional: true, default: 2, doc: 'window size: a number or one per spatial axis' },
      { name: 'stride', type: { t: 'ints', min: 1 }, default: null, doc: 'step between windows; null (the default) means the same as size' },
      paddingAttr,
    ],
    keras: (input) => `${keras}${Math.min(Math.max(input.length - 1, 1), 3)}D`,
    inferShape([input], attrs) {
      const at = label(name, kind.attrs, attrs);
      if (input!.length < 2 || input!.length > 4) {
        return shapeError('NN0401',
          `${at} after ${describeInput(input!)}: ${name} needs a 2-D (steps, channels), 3-D (height, width, channels) or 4-D input${input!.length < 2 ? '; add reshape to give it a channel axis' : ''}`);
      }
      const g = convGeometry(at, input!, input!.length - 1, { kernel: attrs['size']!, stride: stride(attrs), padding: str<Padding>(attrs, 'padding') }, 'pool size', 'size');
      return 'error' in g ? g.error : shapeOk([...g.spatial, input!.at(-1)!]);
    },
    weights: () => [],
    tfjs: (tf, attrs, layerName, input) => build(tf, name, input.length - 1, {
      name: layerName,
      poolSize: tuple(attrs['size']!, input.length - 1),
      strides: tuple(stride(attrs), input.length - 1),
      padding: str<Padding>(attrs, 'padding'),
    }),
    // TF.js's strides default to the pool size, as ours do.
    ts: (ctx) =>
      tsLayer(`${name === 'maxpool' ? 'maxPooling' : 'averagePooling'}${tsRank(ctx, name)}d`, {
        poolSize: ctx.args['size'] ?? '2', strides: ctx.args['stride'], padding: ctx.args['padding'],
      }),
  };
  return kind;
}

const stride = (attrs: Attrs) => attrs['stride'] ?? attrs['size']!;

interface PoolArgs { name: string; poolSize: TfTuple; strides: TfTuple; padding: Padding }

function build(tf: TfContext, name: string, rank: number, args: PoolArgs) {
  const l = tf.layers;
  if (name === 'maxpool') return rank === 1 ? l.maxPooling1d(args) : rank === 2 ? l.maxPooling2d(args) : l.maxPooling3d(args);
  return rank === 1 ? l.averagePooling1d(args) : rank === 2 ? l.averagePooling2d(args) : l.averagePooling3d(args);
}

export const maxpool = poolKind('maxpool', 'MaxPooling', 'Maximum');
export const avgpool = poolKind('avgpool', 'AveragePooling', 'Average');
