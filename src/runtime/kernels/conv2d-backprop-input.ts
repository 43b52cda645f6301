// Conv2DBackpropInput (the input gradient of conv2d, and the forward pass of transposed conv) as
// a forward convolution: dy spread by the stride and padded, convolved with the kernel flipped
// in space and with its in/out channels swapped. The stock wasm kernel is a plain loop; this
// one runs on the backend's fast forward conv, so it replaces it.
import type * as Tfc from '@tensorflow/tfjs-core';
import { spreadForTransposedConv } from './depthwise-backprop.js';
import { KernelScope } from './scope.js';

type Shape4 = [number, number, number, number];

export function conv2dBackpropInputConfig(tf: typeof Tfc, backendName: string): Tfc.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: Tfc.TensorInfo; filter: Tfc.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
        strides: number | [number, number]; pad: 'same' | 'valid' | number | Tfc.backend_util.ExplicitPadding;
        dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; inputShape: Shape4;
      };
      if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput: only NHWC (channels last) is supported');
      const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, pad, dimRoundingMode);
      const s = new KernelScope(tf, backend as Tfc.KernelBackend, backendName);
      const padded = spreadForTransposedConv(s, dy, [inputShape[1], inputShape[2]], info);
      const swapped = s.run('Transpose', { x: filter }, { perm: [0, 1, 3, 2] });
      const flipped = s.run('Reverse', { x: swapped }, { dims: [0, 1] });
      return s.finish(s.run('Conv2D', { x: padded, filter: flipped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined }));
    },
  };
}
