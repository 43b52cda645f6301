// deconv(filters, kernel = 3): transposed 2D convolution, which upsamples by `stride`
// (Keras Conv2DTranspose; no dilation or output padding, which TF.js does not support).
import { bool, kernelAttrs, label, num, paddingAttr, str, tuple } from './common.js';
import { kernelArgs, tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { deconvOutputLength, needs2d, normalizeTuple, product, type Padding } from './shape-utils.js';
import { shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = {
  fn: 'conv2dTranspose',
  args: [['filters', 'filters'], ['kernelSize', 'kernel'], ['strides', 'stride'], ['padding', 'padding'], ...kernelArgs()],
  always: ['kernelSize'],
};

export const deconv: LayerKind = {
  name: 'deconv',
  doc: 'Transposed 2D convolution: upsamples by `stride` while mapping to `filters` channels (Keras Conv2DTranspose).',
  family: 'conv',
  hasKernel: true,
  attrs: [
    { name: 'filters', type: { t: 'int', min: 1 }, positional: true, doc: 'number of output channels' },
    { name: 'kernel', type: { t: 'ints', min: 1 }, positional: true, default: 3, doc: 'window size: a number or (h, w)' },
    { name: 'stride', type: { t: 'ints', min: 1 }, default: 1, doc: 'upsampling factor: a number or (h, w)' },
    paddingAttr,
    ...kernelAttrs,
  ],
  keras: () => 'Conv2DTranspose',
  inferShape([input], attrs) {
    if (input!.length !== 3) return needs2d(label('deconv', deconv.attrs, attrs), 'deconv', input!);
    const kernel = normalizeTuple(attrs['kernel']!, 2, 'kernel');
    if ('error' in kernel) return kernel.error;
    const stride = normalizeTuple(attrs['stride']!, 2, 'stride');
    if ('error' in stride) return stride.error;
    const padding = str<Padding>(attrs, 'padding');
    const spatial = [0, 1].map((i) => deconvOutputLength(input![i]!, kernel.value[i]!, stride.value[i]!, padding));
    return shapeOk([...spatial, num(attrs, 'filters')]);
  },
  weights([input], attrs) {
    const filters = num(attrs, 'filters');
    const kernel = { name: 'kernel', shape: [...tuple(attrs['kernel']!, 2), filters, input!.at(-1)!], trainable: true };
    return bool(attrs, 'bias') ? [kernel, { name: 'bias', shape: [filters], trainable: true }] : [kernel];
  },
  macs: ([input], _output, attrs) => product(input!) * product(tuple(attrs['kernel']!, 2)) * num(attrs, 'filters'),
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, deconv.attrs, 'deconv')(ctx),
};
