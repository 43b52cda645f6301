// maxpool(size = 2) and avgpool(size = 2): windowed pooling over 1, 2 or 3 spatial axes, from
// the input's rank (Keras MaxPooling1D/2D/3D, AveragePooling1D/2D/3D). `stride` defaults to `size`.
import { label, paddingAttr, str } from './common.js';
import { tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { convGeometry, describeInput, type Padding } from './shape-utils.js';
import { shapeError, shapeOk, type Attrs, type LayerKind } from './types.js';

function poolKind(name: 'maxpool' | 'avgpool', keras: 'MaxPooling' | 'AveragePooling', what: string): LayerKind {
  // A null stride is TF.js's default too: the pool size.
  const tfjsMap: TfjsMap = {
    fn: (rank) => `${name === 'maxpool' ? 'maxPooling' : 'averagePooling'}${rank - 1}d`,
    args: [['poolSize', 'size'], ['strides', 'stride'], ['padding', 'padding']],
    always: ['poolSize'],
  };
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
      const at = () => label(name, kind.attrs, attrs);
      if (input!.length < 2 || input!.length > 4) {
        return shapeError('NN0401',
          `${at()} after ${describeInput(input!)}: ${name} needs a 2-D (steps, channels), 3-D (height, width, channels) or 4-D input${input!.length < 2 ? '; add reshape to give it a channel axis' : ''}`);
      }
      const g = convGeometry(at, input!, input!.length - 1, { kernel: attrs['size']!, stride: stride(attrs), padding: str<Padding>(attrs, 'padding') }, 'pool size', 'size');
      return 'error' in g ? g.error : shapeOk([...g.spatial, input!.at(-1)!]);
    },
    weights: () => [],
    tfjs: tfjsFromMap(tfjsMap),
    ts: (ctx) => tsFromMap(tfjsMap, kind.attrs, name)(ctx),
  };
  return kind;
}

const stride = (attrs: Attrs) => attrs['stride'] ?? attrs['size']!;

export const maxpool = poolKind('maxpool', 'MaxPooling', 'Maximum');
export const avgpool = poolKind('avgpool', 'AveragePooling', 'Average');
