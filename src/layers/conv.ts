// conv(filters, kernel = 3): convolution over 1, 2 or 3 spatial axes, chosen from the input's rank
// (Keras Conv1D/Conv2D/Conv3D on inputs of rank 2/3/4, channels last).
import { bool, kernelAttrs, label, num, paddingAttr, str, tuple } from './common.js';
import { kernelArgs, tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { convGeometry, describeInput, product, type Padding } from './shape-utils.js';
import { shapeError, shapeOk, type AttrSpec, type LayerKind } from './types.js';

export const convAttrs: readonly AttrSpec[] = [
  { name: 'filters', type: { t: 'int', min: 1 }, positional: true, doc: 'number of output channels' },
  { name: 'kernel', type: { t: 'ints', min: 1 }, positional: true, default: 3, doc: 'window size: a number or one per spatial axis, (h, w)' },
  { name: 'stride', type: { t: 'ints', min: 1 }, default: 1, doc: 'step between windows: a number or one per spatial axis' },
  paddingAttr,
  { name: 'dilation', type: { t: 'ints', min: 1 }, default: 1, doc: 'spacing between kernel taps; cannot exceed 1 together with stride' },
];

const rankOf = (input: number[]): number => input.length - 1;

const tfjsMap: TfjsMap = {
  fn: (rank) => `conv${rank - 1}d`,
  args: [['filters', 'filters'], ['kernelSize', 'kernel'], ['strides', 'stride'], ['padding', 'padding'], ['dilationRate', 'dilation'], ...kernelArgs()],
  always: ['kernelSize'],
};

export const conv: LayerKind = {
  name: 'conv',
  doc: 'Convolution with `filters` output channels; 1D, 2D or 3D from the input rank (Keras Conv1D/2D/3D).',
  family: 'conv',
  hasKernel: true,
  attrs: [...convAttrs, ...kernelAttrs],
  keras: (input) => `Conv${Math.min(Math.max(rankOf(input), 1), 3)}D`,
  inferShape([input], attrs) {
    // Named only in a message: building the label for every conv costs more than its shape.
    const name = () => label('conv', conv.attrs, attrs);
    if (input!.length < 2 || input!.length > 4) {
      return shapeError('NN0401',
        `${name()} after ${describeInput(input!)}: conv needs a 2-D (steps, channels), 3-D (height, width, channels) or 4-D input; ${input!.length < 2 ? 'add reshape to give it a channel axis' : 'reshape it to at most 3 spatial axes'}`);
    }
    const g = convGeometry(name, input!, rankOf(input!), { kernel: attrs['kernel']!, stride: attrs['stride']!, padding: str<Padding>(attrs, 'padding'), dilation: attrs['dilation']! });
    return 'error' in g ? g.error : shapeOk([...g.spatial, num(attrs, 'filters')]);
  },
  weights([input], attrs) {
    const filters = num(attrs, 'filters');
    const kernel = { name: 'kernel', shape: [...tuple(attrs['kernel']!, rankOf(input!)), input!.at(-1)!, filters], trainable: true };
    return bool(attrs, 'bias') ? [kernel, { name: 'bias', shape: [filters], trainable: true }] : [kernel];
  },
  macs: ([input], output, attrs) => product(output) * product(tuple(attrs['kernel']!, rankOf(input!))) * input!.at(-1)!,
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, conv.attrs, 'conv')(ctx),
};
