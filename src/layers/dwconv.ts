// dwconv(kernel = 3): depthwise 2D convolution, one filter set per input channel
// (Keras DepthwiseConv2D). TF.js ignores dilation here, so there is no dilation attribute.
import { bool, kernelAttrs, label, num, paddingAttr, str, tuple } from './common.js';
import { kernelArgs, tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { convGeometry, needs2d, product, type Padding } from './shape-utils.js';
import { shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = {
  fn: 'depthwiseConv2d',
  args: [['kernelSize', 'kernel'], ['strides', 'stride'], ['padding', 'padding'], ['depthMultiplier', 'multiplier'], ...kernelArgs('depthwiseRegularizer')],
  always: ['kernelSize'],
};

export const dwconv: LayerKind = {
  name: 'dwconv',
  doc: 'Depthwise 2D convolution: each input channel gets its own `multiplier` filters (Keras DepthwiseConv2D).',
  family: 'conv',
  hasKernel: true,
  attrs: [
    { name: 'kernel', type: { t: 'ints', min: 1 }, positional: true, default: 3, doc: 'window size: a number or (h, w)' },
    { name: 'stride', type: { t: 'ints', min: 1 }, default: 1, doc: 'step between windows: a number or (h, w)' },
    paddingAttr,
    { name: 'multiplier', type: { t: 'int', min: 1 }, default: 1, doc: 'output channels per input channel' },
    ...kernelAttrs,
  ],
  keras: () => 'DepthwiseConv2D',
  inferShape([input], attrs) {
    const name = () => label('dwconv', dwconv.attrs, attrs);
    if (input!.length !== 3) return needs2d(name(), 'dwconv', input!);
    const g = convGeometry(name, input!, 2, { kernel: attrs['kernel']!, stride: attrs['stride']!, padding: str<Padding>(attrs, 'padding') });
    return 'error' in g ? g.error : shapeOk([...g.spatial, input![2]! * num(attrs, 'multiplier')]);
  },
  weights([input], attrs) {
    const channels = input!.at(-1)!;
    const multiplier = num(attrs, 'multiplier');
    const kernel = { name: 'depthwise_kernel', shape: [...tuple(attrs['kernel']!, 2), channels, multiplier], trainable: true };
    return bool(attrs, 'bias') ? [kernel, { name: 'bias', shape: [channels * multiplier], trainable: true }] : [kernel];
  },
  macs: (_inputs, output, attrs) => product(output) * product(tuple(attrs['kernel']!, 2)),
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, dwconv.attrs, 'dwconv')(ctx),
};
