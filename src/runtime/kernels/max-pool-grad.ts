// MaxPoolGrad composed of existing kernels. The stock wasm kernel routes the gradient of a
// window to the wrong element when the window's values are all negative (its running maximum
// starts at 0), so this one replaces it. Each window's gradient goes to its first maximum in
// row-major order, as on the cpu backend: tap by tap, the positions equal to the pooled output
// and not yet taken by an earlier tap receive dy, spread back to input coordinates.
import type * as Tfc from '@tensorflow/tfjs-core';
import { KernelScope } from './scope.js';

type Shape4 = [number, number, number, number];
const LOWEST = -3.4028234663852886e38;

export function maxPoolGradConfig(tf: typeof Tfc, backendName: string): Tfc.KernelConfig {
  return {
    kernelName: 'MaxPoolGrad',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, input, output } = inputs as { dy: Tfc.TensorInfo; input: Tfc.TensorInfo; output: Tfc.TensorInfo };
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
        filterSize: number | [number, number]; strides: number | [number, number];
        pad: 'same' | 'valid' | number | Tfc.backend_util.ExplicitPadding; dimRoundingMode?: 'floor' | 'round' | 'ceil';
      };
      const info = tf.backend_util.computePool2DInfo(input.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
      const s = new KernelScope(tf, backend as Tfc.KernelBackend, backendName);
      const [b, h, w, c] = input.shape as Shape4;
      const { top, left } = info.padInfo;
      const sh = info.strideHeight, sw = info.strideWidth, oh = info.outHeight, ow = info.outWidth;
      const fh = info.effectiveFilterHeight, fw = info.effectiveFilterWidth;
      const hp = Math.max(h + top, (oh - 1) * sh + fh), wp = Math.max(w + left, (ow - 1) * sw + fw);
      const xp = s.run('PadV2', { x: input }, { paddings: [[0, 0], [top, hp - h - top], [left, wp - w - left], [0, 0]], constantValue: LOWEST });
      let taken: Tfc.TensorInfo | undefined;
      let dx: Tfc.TensorInfo | undefined;
      for (let i = 0; i < fh; i++) {
        for (let j = 0; j < fw; j++) {
          const window = s.run('StridedSlice', { x: xp }, {
            begin: [0, i, j, 0], end: [b, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c], strides: [1, sh, sw, 1],
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          });
          const isMax = s.run('Equal', { a: window, b: output });
          const first = taken ? s.run('LogicalAnd', { a: isMax, b: s.run('LogicalNot', { x: taken }) }) : isMax;
          taken = taken ? s.run('LogicalOr', { a: taken, b: isMax }) : isMax;
          const part = s.run('Multiply', { a: s.run('Cast', { x: first }, { dtype: 'float32' }), b: dy });
          // To padded input coordinates: row y of the window grid is row i + y * sh.
          const spread = s.padOrCrop(s.reshape(part, [b, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
          const grid = s.reshape(spread, [b, oh * sh, ow * sw, c]);
          const placed = s.padOrCrop(grid, [[0, 0], [i, hp - i - oh * sh], [j, wp - j - ow * sw], [0, 0]]);
          dx = dx ? s.run('Add', { a: dx, b: placed }) : placed;
        }
      }
      return s.finish(s.run('Slice', { x: dx! }, { begin: [0, top, left, 0], size: [b, h, w, c] }));
    },
  };
}
