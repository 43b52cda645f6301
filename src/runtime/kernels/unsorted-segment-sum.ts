// UnsortedSegmentSum (the gradient of gather, which embedding layers need) as a matrix product:
// onehot(segmentIds)^T x data sums the rows of data into their segments.
import type * as Tfc from '@tensorflow/tfjs-core';
import { KernelScope } from './scope.js';

export function unsortedSegmentSumConfig(tf: typeof Tfc, backendName: string): Tfc.KernelConfig {
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: Tfc.TensorInfo; segmentIds: Tfc.TensorInfo };
      const { numSegments } = attrs as unknown as { numSegments: number };
      const s = new KernelScope(tf, backend as Tfc.KernelBackend, backendName);
      const ids = segmentIds.shape.reduce((a, b) => a * b, 1);
      const rest = x.shape.slice(segmentIds.shape.length);
      const width = rest.reduce((a, b) => a * b, 1);
      // The wasm OneHot kernel writes int32 whatever dtype it is given.
      const oneHotInt = s.run('OneHot', { indices: s.reshape(segmentIds, [ids]) }, { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' });
      const oneHot = s.run('Cast', { x: oneHotInt }, { dtype: 'float32' });
      let data = s.reshape(x, [1, ids, width]);
      if (x.dtype !== 'float32') data = s.run('Cast', { x: data }, { dtype: 'float32' });
      const sums = s.run('BatchMatMul', { a: s.reshape(oneHot, [1, ids, numSegments]), b: data }, { transposeA: true, transposeB: false });
      let out = s.reshape(sums, [numSegments, ...rest]);
      if (x.dtype !== 'float32') out = s.run('Cast', { x: out }, { dtype: x.dtype });
      return s.finish(out);
    },
  };
}
