// Native BatchMatMul and _FusedMatMul (bias along the last axis, activations but prelu), with the
// batch dimensions broadcast as TF.js does; other cases go to the reference cpu kernels.
import { alloc, actCode, allF32, type Core, f32, type Kernel, type KernelArgs, output, reference, size } from './common.js';
import type { NativeKernels } from './addon.js';

export function matmulKernels(core: Core, nk: NativeKernels): Record<string, Kernel> {
  const make = (name: string, fused: boolean): Kernel => {
    const ref = reference(core, name);
    return (args: KernelArgs) => {
      const { a, b, bias, preluActivationWeights } = args.inputs;
      const { transposeA, transposeB, activation, leakyreluAlpha } = (args.attrs ?? {}) as Record<string, any>;
      const act = actCode(fused ? activation : 'linear');
      if (!allF32(args.backend, a, b, bias) || act === undefined || preluActivationWeights) return ref(args);
      const ra = a!.shape.length, rb = b!.shape.length;
      const M = transposeA ? a!.shape[ra - 1]! : a!.shape[ra - 2]!;
      const K = transposeA ? a!.shape[ra - 2]! : a!.shape[ra - 1]!;
      const N = transposeB ? b!.shape[rb - 2]! : b!.shape[rb - 1]!;
      const outerA = a!.shape.slice(0, -2), outerB = b!.shape.slice(0, -2);
      const batchA = size(outerA), batchB = size(outerB);
      const outer = core.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
      const batch = size(outer);
      // Broadcasting is supported when one side has a single matrix or both have the same number.
      const simple = (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1);
      if (!simple || (bias && (size(bias.shape) !== N || bias.shape.at(-1) !== N)) || (transposeB ? b!.shape[rb - 1] : b!.shape[rb - 2]) !== K) return ref(args);
      const c = alloc(args.backend, batch * M * N);
      const p = Int32Array.of(batch, M, N, K, transposeA ? 1 : 0, transposeB ? 1 : 0, batchA, batchB);
      nk.matmul(p, f32(args.backend, a!), f32(args.backend, b!), c, bias ? f32(args.backend, bias) : null, act, leakyreluAlpha ?? 0.2);
      return output(args.backend, [...outer, M, N], c);
    };
  };
  return { BatchMatMul: make('BatchMatMul', false), _FusedMatMul: make('_FusedMatMul', true) };
}
