// The two gradients of depthwise convolution, composed of existing kernels.
// Filter: as conv2d's, with an elementwise product per channel instead of a matrix product.
// Input: a transposed convolution written as a forward depthwise convolution of dy (dilated by
// the stride with zeros) with the spatially flipped kernel, summed over the channel multiplier.
import type * as Tfc from '@tensorflow/tfjs-core';
import { filterGradient } from './conv2d-backprop-filter.js';
import { KernelScope } from './scope.js';

type Pad = 'same' | 'valid' | number | Tfc.backend_util.ExplicitPadding;
interface DepthwiseAttrs {
  strides: number | [number, number]; dilations?: number | [number, number]; pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
type Shape4 = [number, number, number, number];

export function depthwiseBackpropFilterConfig(tf: typeof Tfc, backendName: string): Tfc.KernelConfig {
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: Tfc.TensorInfo; dy: Tfc.TensorInfo };
      const a = attrs as unknown as DepthwiseAttrs & { filterShape: Shape4 };
      const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, a.filterShape, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, true);
      return filterGradient(new KernelScope(tf, backend as Tfc.KernelBackend, backendName), x, dy, info, true);
    },
  };
}

export function depthwiseBackpropInputConfig(tf: typeof Tfc, backendName: string): Tfc.KernelConfig {
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: Tfc.TensorInfo; filter: Tfc.TensorInfo };
      const a = attrs as unknown as DepthwiseAttrs & { inputShape: Shape4 };
      const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as Shape4, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, true);
      return inputGradient(new KernelScope(tf, backend as Tfc.KernelBackend, backendName), dy, filter, a.inputShape, info);
    },
  };
}

function inputGradient(s: KernelScope, dy: Tfc.TensorInfo, filter: Tfc.TensorInfo, inputShape: Shape4, info: Tfc.backend_util.Conv2DInfo): Tfc.TensorInfo {
  const [batch, h, w, ci] = inputShape;
  const [kh, kw, , mult] = filter.shape as number[];
  const padded = spreadForTransposedConv(s, dy, [h, w], info);
  // Each output channel ci * mult + m gets its own [kh, kw] kernel: filter -> [kh, kw, ci * mult, 1], flipped.
  const flipped = s.run('Reverse', { x: s.reshape(filter, [kh!, kw!, ci * mult!, 1]) }, { dims: [0, 1] });
  const conv = s.run('DepthwiseConv2dNative', { x: padded, filter: flipped }, {
    strides: [1, 1], pad: 'valid', dilations: [info.dilationHeight, info.dilationWidth], dataFormat: 'NHWC',
  });
  if (mult === 1) return s.finish(conv);
  const summed = s.run('Sum', { x: s.reshape(conv, [batch, h, w, ci, mult!]) }, { axis: [4], keepDims: false });
  return s.finish(summed);
}

/**
 * dy prepared for a transposed convolution as a forward one: stride - 1 zeros between
 * neighbours, then padded (or cropped) so that a stride-1 valid convolution with the flipped
 * kernel gives exactly the input's height and width.
 */
export function spreadForTransposedConv(s: KernelScope, dy: Tfc.TensorInfo, [h, w]: [number, number], info: Tfc.backend_util.Conv2DInfo): Tfc.TensorInfo {
  const [batch, outH, outW, co] = dy.shape as number[];
  const sh = info.strideHeight, sw = info.strideWidth, dh = info.dilationHeight, dw = info.dilationWidth;
  let dilated = dy;
  if (sh > 1 || sw > 1) {
    // [b, oh, 1, ow, 1, c] padded to [b, oh, sh, ow, sw, c], then the trailing zeros cut off.
    const spread = s.padOrCrop(s.reshape(dy, [batch!, outH!, 1, outW!, 1, co!]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    dilated = s.run('Slice', { x: s.reshape(spread, [batch!, outH! * sh, outW! * sw, co!]) }, {
      begin: [0, 0, 0, 0], size: [batch!, (outH! - 1) * sh + 1, (outW! - 1) * sw + 1, co!],
    });
  }
  const effH = (info.filterHeight - 1) * dh + 1, effW = (info.filterWidth - 1) * dw + 1;
  const beforeH = effH - 1 - info.padInfo.top, beforeW = effW - 1 - info.padInfo.left;
  const lenH = dilated.shape[1]!, lenW = dilated.shape[2]!;
  return s.padOrCrop(dilated, [[0, 0], [beforeH, h - lenH - beforeH + effH - 1], [beforeW, w - lenW - beforeW + effW - 1], [0, 0]]);
}
