// sepconv(filters, kernel = 3): depthwise 2D convolution followed by a 1x1 pointwise one
// (Keras SeparableConv2D). The kernel regularizer applies to both kernels, as Keras has no single kernel.
import { bool, kernelAttrs, label, num, paddingAttr, str, tuple } from './common.js';
import { kernelArgs, tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { convGeometry, needs2d, product, type Padding } from './shape-utils.js';
import { shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = {
  fn: 'separableConv2d',
  args: [
    ['filters', 'filters'], ['kernelSize', 'kernel'], ['strides', 'stride'], ['padding', 'padding'], ['depthMultiplier', 'multiplier'], ['dilationRate', 'dilation'],
    ...kernelArgs('depthwiseRegularizer'), ['pointwiseRegularizer', 'regularizer'],
  ],
  always: ['kernelSize'],
};

export const sepconv: LayerKind = {
  name: 'sepconv',
  doc: 'Separable 2D convolution: a depthwise convolution, then a 1x1 convolution to `filters` channels (Keras SeparableConv2D).',
  family: 'conv',
  hasKernel: true,
  attrs: [
    { name: 'filters', type: { t: 'int', min: 1 }, positional: true, doc: 'number of output channels' },
    { name: 'kernel', type: { t: 'ints', min: 1 }, positional: true, default: 3, doc: 'depthwise window size: a number or (h, w)' },
    { name: 'stride', type: { t: 'ints', min: 1 }, default: 1, doc: 'step between windows: a number or (h, w)' },
    paddingAttr,
    { name: 'multiplier', type: { t: 'int', min: 1 }, default: 1, doc: 'depthwise output channels per input channel' },
    { name: 'dilation', type: { t: 'ints', min: 1 }, default: 1, doc: 'spacing between kernel taps; cannot exceed 1 together with stride' },
    ...kernelAttrs,
  ],
  keras: () => 'SeparableConv2D',
  inferShape([input], attrs) {
    const name = () => label('sepconv', sepconv.attrs, attrs);
    if (input!.length !== 3) return needs2d(name(), 'sepconv', input!);
    const g = convGeometry(name, input!, 2, { kernel: attrs['kernel']!, stride: attrs['stride']!, padding: str<Padding>(attrs, 'padding'), dilation: attrs['dilation']! });
    return 'error' in g ? g.error : shapeOk([...g.spatial, num(attrs, 'filters')]);
  },
  weights([input], attrs) {
    const channels = input!.at(-1)!;
    const multiplier = num(attrs, 'multiplier');
    const filters = num(attrs, 'filters');
    const kernels = [
      { name: 'depthwise_kernel', shape: [...tuple(attrs['kernel']!, 2), channels, multiplier], trainable: true },
      { name: 'pointwise_kernel', shape: [1, 1, channels * multiplier, filters], trainable: true },
    ];
    return bool(attrs, 'bias') ? [...kernels, { name: 'bias', shape: [filters], trainable: true }] : kernels;
  },
  macs([input], output, attrs) {
    const positions = product(output.slice(0, -1));
    const depthwise = input!.at(-1)! * num(attrs, 'multiplier');
    return positions * depthwise * (product(tuple(attrs['kernel']!, 2)) + num(attrs, 'filters'));
  },
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, sepconv.attrs, 'sepconv')(ctx),
};
