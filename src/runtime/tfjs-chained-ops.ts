// Installs TF.js's chained tensor methods (`t.flatten()`, `t.reshape()`, ...) on tfjs-core's Tensor.
// tfjs-layers calls them (the orthogonal initializer of rnn/lstm/gru does), but in Node only the
// `@tensorflow/tfjs` umbrella registers them; with tfjs-core + tfjs-layers alone they are missing.
// The core namespace is passed in, so this file never loads TF.js itself. Idempotent.
import type * as Tfc from '@tensorflow/tfjs-core';

/** The chained methods that call the op of the same name with the tensor as first argument. */
const sameName = `abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh batchNorm batchToSpaceND
broadcastTo cast ceil clipByValue concat conv1d conv2d cos cosh cumprod cumsum depthToSpace div divNoNan dot elu equal
erf euclideanNorm exp expandDims expm1 fft floor floorDiv gather greater greaterEqual ifft irfft isFinite isInf isNaN
leakyRelu less lessEqual log log1p logSigmoid logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor matMul max
maximum mean min minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow prelu prod reciprocal relu relu6
reshape reverse rfft round rsqrt selu sigmoid sign sin sinh slice softmax softplus spaceToBatchND split sqrt square
squaredDifference squeeze stack step stridedSlice sub sum tan tanh tile topk transpose unique unstack where zerosLike`.split(/\s+/);

type AnyFn = (...args: unknown[]) => unknown;

export function installChainedOps(tfc: typeof Tfc): void {
  const proto = tfc.Tensor.prototype as unknown as Record<string, AnyFn>;
  const ops = tfc as unknown as Record<string, AnyFn>;
  const flat = function (this: Tfc.Tensor) { return tfc.reshape(this, [this.size]); };
  const special: Record<string, AnyFn> = {
    flatten: flat, as1D: flat,
    as2D: function (this: Tfc.Tensor, ...shape: unknown[]) { return tfc.reshape(this, shape as number[]); },
    asScalar: function (this: Tfc.Tensor) { return tfc.reshape(this, []); },
    asType: function (this: Tfc.Tensor, dtype: unknown) { return tfc.cast(this, dtype as Tfc.DataType); },
    toFloat: function (this: Tfc.Tensor) { return tfc.cast(this, 'float32'); },
    toInt: function (this: Tfc.Tensor) { return tfc.cast(this, 'int32'); },
    toBool: function (this: Tfc.Tensor) { return tfc.cast(this, 'bool'); },
    reshapeAs: function (this: Tfc.Tensor, other: unknown) { return tfc.reshape(this, (other as Tfc.Tensor).shape); },
  } as Record<string, AnyFn>;
  special['as3D'] = special['as4D'] = special['as5D'] = special['as2D']!;
  for (const [name, fn] of Object.entries(special)) if (!(name in proto)) proto[name] = fn;
  for (const name of sameName) {
    const op = ops[name];
    if (!(name in proto) && typeof op === 'function') {
      proto[name] = function (this: unknown, ...args: unknown[]) { return op(this, ...args); };
    }
  }
}
