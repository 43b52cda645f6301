// Batch normalization in training, the TF.js way but fast: tfjs-layers normalizes a batch with
// tf.moments and tf.batchNorm, whose gradients TF.js composes from a dozen broadcast ops over the
// whole activation tensor. On the `fast` backend, moments over all axes but the last become one
// native kernel (NnMoments) with a one-pass gradient, and the FusedBatchNorm gradient one native
// kernel for all five inputs. Other backends and shapes keep TF.js's own code path.
import { createRequire } from 'node:module';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { alloc, type Core, type Kernel, type KernelArgs, output, size, type TensorInfo } from './common.js';
import type { NativeKernels } from './addon.js';

const MOMENTS = 'NnMoments', MOMENTS_GRAD = 'NnMomentsGrad', BN_GRAD = 'NnBatchNormGrad';

/** Float32Array values of a tensor (a copy when stored otherwise, e.g. a float32 cast of int32). */
function asF32(b: MathBackendCPU, t: TensorInfo): Float32Array {
  const v = b.data.get(t.dataId).values;
  return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
}

export function normKernels(nk: NativeKernels): Record<string, Kernel> {
  return {
    [MOMENTS]: ({ inputs, backend: b }: KernelArgs) => {
      const x = inputs.x!;
      const c = x.shape.at(-1)!, n = size(x.shape) / c;
      const mean = alloc(b, c), variance = alloc(b, c);
      nk.moments(asF32(b, x), mean, variance, n, c);
      return [output(b, [c], mean), output(b, [c], variance)];
    },
    [MOMENTS_GRAD]: ({ inputs, backend: b }: KernelArgs) => {
      const { x, mean, dmean, dvar } = inputs;
      const c = x!.shape.at(-1)!, n = size(x!.shape) / c;
      const dx = alloc(b, n * c);
      nk.momentsGrad(asF32(b, x!), asF32(b, mean!), asF32(b, dmean!), asF32(b, dvar!), dx, n, c);
      return output(b, x!.shape, dx);
    },
    // The gradients of FusedBatchNorm for mean, variance, scale and offset, as the rows of a [4, c] tensor.
    [BN_GRAD]: ({ inputs, backend: b, attrs }: KernelArgs) => {
      const { x, mean, variance, scale, dy } = inputs;
      const c = x!.shape.at(-1)!, n = size(x!.shape) / c;
      const v = alloc(b, 4 * c);
      nk.batchNormGrad(Int32Array.of(n, c), asF32(b, x!), asF32(b, mean!), asF32(b, variance!), scale ? asF32(b, scale) : null,
        asF32(b, dy!), Number((attrs as any)?.varianceEpsilon ?? 0.001), null, v.subarray(0, c), v.subarray(c, 2 * c), v.subarray(2 * c, 3 * c), v.subarray(3 * c));
      return output(b, [4, c], v);
    },
  };
}

/** Installs the gradients and the moments override (once; they act only on the `fast` backend). */
export function installNorm(core: Core, backendName: string): void {
  const cjs = createRequire(import.meta.url)('@tensorflow/tfjs-core') as Core & { __nnFastMoments?: boolean };
  if (cjs.__nnFastMoments) return;
  cjs.__nnFastMoments = true;
  const on = () => core.getBackend() === backendName;
  const float = (t: Tensor | null | undefined) => !t || t.dtype === 'float32';

  core.registerGradient({
    kernelName: MOMENTS,
    inputsToSave: ['x'],
    outputsToSave: [true, false],
    gradFunc: (dys: Tensor | Tensor[], saved: Tensor[]) => {
      const [x, mean] = saved;
      const [dmean, dvar] = dys as Tensor[];
      return { x: () => core.engine().runKernel(MOMENTS_GRAD, { x: x!, mean: mean!, dmean: dmean!, dvar: dvar! }) as Tensor };
    },
  });

  const original = core.getGradient('FusedBatchNorm')!;
  core.registerGradient({
    ...original,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: any) => {
      const [x, mean, variance, scale] = saved;
      const c = x!.shape.at(-1)!;
      const vec = (t: Tensor | undefined) => !t || (t.rank === 1 && t.size === c);
      if (!on() || !float(x) || !float(dy as Tensor) || !vec(mean) || !vec(variance) || !vec(scale)) return original.gradFunc(dy, saved, attrs);
      // TF.js calls each input's gradient in its own tidy, so the four vectors (one reduction over
      // x and dy) are kept as plain arrays between the calls; dx is dy·scale/√(variance + ε).
      let vectors: Float32Array | undefined;
      const vector = (i: number) => () => {
        vectors ??= Float32Array.from((core.engine().runKernel(BN_GRAD, { x: x!, mean: mean!, variance: variance!, ...(scale ? { scale } : {}), dy: dy as Tensor },
          { varianceEpsilon: attrs.varianceEpsilon }) as Tensor).dataSync());
        return core.tensor1d(vectors.slice(i * c, (i + 1) * c));
      };
      const dx = () => core.batchNorm(dy as Tensor, core.zerosLike(mean!), variance!, undefined, scale, attrs.varianceEpsilon);
      return { x: dx, mean: vector(0), variance: vector(1), scale: vector(2), offset: vector(3) };
    },
  });

  const moments = cjs.moments;
  const fastMoments = (x: Tensor, axis?: number | number[], keepDims = false) => {
    const axes = axis == null ? null : core.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes != null && x.rank >= 2 && axes.length === x.rank - 1 && axes.every((a, i) => a === i);
    if (!on() || !(x instanceof core.Tensor) || x.dtype !== 'float32' || !leading) return moments(x, axis, keepDims);
    const [mean, variance] = core.engine().runKernel(MOMENTS, { x }) as Tensor[];
    if (!keepDims) return { mean: mean!, variance: variance! };
    const shape = x.shape.map((d, i) => (i === x.rank - 1 ? d : 1));
    return { mean: core.reshape(mean!, shape), variance: core.reshape(variance!, shape) };
  };
  (cjs as any).moments = fastMoments;
}
