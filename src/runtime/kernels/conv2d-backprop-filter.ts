// Conv2DBackpropFilter (the kernel-weight gradient of conv2d) composed of existing kernels.
// dW[i, j, c, o] = sum over batch and output positions of xpad[b, i + y*s, j + x*s, c] dy[b, y, x, o]
// is itself a forward convolution: of the padded input with batch and channels swapped
// ([ci, H, W, B]) by dy as a filter ([oh, ow, B, co]) dilated by the stride — the backend's
// fast forward conv does the work. Depthwise filter gradients (below) go tap by tap instead.
import type * as Tfc from '@tensorflow/tfjs-core';
import { KernelScope } from './scope.js';

export function conv2dBackpropFilterConfig(tf: typeof Tfc, backendName: string): Tfc.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: Tfc.TensorInfo; dy: Tfc.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: number | [number, number]; pad: 'same' | 'valid' | number | Tfc.backend_util.ExplicitPadding;
        dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
      };
      if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: only NHWC (channels last) is supported');
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
      return filterGradientByConv(new KernelScope(tf, backend as Tfc.KernelBackend, backendName), x, dy, info);
    },
  };
}

function filterGradientByConv(s: KernelScope, x: Tfc.TensorInfo, dy: Tfc.TensorInfo, info: Tfc.backend_util.Conv2DInfo): Tfc.TensorInfo {
  const [, outH, outW] = dy.shape as number[];
  const { top, left } = info.padInfo;
  const sh = info.strideHeight, sw = info.strideWidth;
  const needH = (outH! - 1) * sh + info.filterHeight, needW = (outW! - 1) * sw + info.filterWidth;
  const xp = s.padOrCrop(x, [[0, 0], [top, needH - top - x.shape[1]!], [left, needW - left - x.shape[2]!], [0, 0]]);
  const input = s.run('Transpose', { x: xp }, { perm: [3, 1, 2, 0] });
  const filter = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = s.run('Conv2D', { x: input, filter }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: undefined });
  return s.finish(s.run('Transpose', { x: conv }, { perm: [1, 2, 0, 3] }));
}

/**
 * The filter gradient of a 2-D convolution, tap by tap described by `info`. Regular conv: [kh, kw, ci, co].
 * Depthwise: [kh, kw, ci, multiplier], where output channel ci * multiplier + m reads input channel ci.
 */
export function filterGradient(s: KernelScope, x: Tfc.TensorInfo, dy: Tfc.TensorInfo, info: Tfc.backend_util.Conv2DInfo, depthwise: boolean): Tfc.TensorInfo {
  const [batch, , , ci] = x.shape as number[];
  const [, outH, outW, co] = dy.shape as number[];
  const { top, left } = info.padInfo;
  const kh = info.filterHeight, kw = info.filterWidth;
  const sh = info.strideHeight, sw = info.strideWidth, dh = info.dilationHeight, dw = info.dilationWidth;
  // Pad so that every window lies inside: the bottom/right padding is what the last window needs.
  const needH = (outH! - 1) * sh + (kh - 1) * dh + 1, needW = (outW! - 1) * sw + (kw - 1) * dw + 1;
  const xp = s.padOrCrop(x, [[0, 0], [top, needH - top - x.shape[1]!], [left, needW - left - x.shape[2]!], [0, 0]]);
  const n = batch! * outH! * outW!;
  const mult = depthwise ? co! / ci! : 0;
  const dyFlat = depthwise ? s.reshape(dy, [1, n, ci!, mult]) : s.reshape(dy, [1, n, co!]);
  const taps: Tfc.TensorInfo[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const window = s.run('StridedSlice', { x: xp }, {
        begin: [0, i * dh, j * dw, 0], end: [batch, i * dh + (outH! - 1) * sh + 1, j * dw + (outW! - 1) * sw + 1, ci],
        strides: [1, sh, sw, 1], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
      if (depthwise) {
        const prod = s.run('Multiply', { a: s.reshape(window, [1, n, ci!, 1]), b: dyFlat });
        taps.push(s.run('Sum', { x: prod }, { axis: [1], keepDims: false }));
      } else {
        taps.push(s.run('BatchMatMul', { a: s.reshape(window, [1, n, ci!]), b: dyFlat }, { transposeA: true, transposeB: false }));
      }
    }
  }
  const all = taps.length === 1 ? taps[0]! : s.run('Concat', taps, { axis: 1 });
  return s.finish(s.reshape(all, [kh, kw, ci!, depthwise ? mult : co!]));
}
