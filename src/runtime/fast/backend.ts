// The `fast` TF.js backend: TF.js's JavaScript cpu backend (same tensor storage, every kernel)
// with its hot kernels replaced by the native ones of ../../../native: convolutions and their
// gradients, pooling, matrix products, element-wise ops and reductions, gathers; plus native batch
// statistics, batch-norm gradient and dropout masks (norm.ts, dropout.ts). The `cpu` backend itself
// stays the untouched reference.
import type { Core, Kernel, KernelArgs } from './common.js';
import { pinShared, recyclingBackend } from './memory.js';
import { loadNative, type NativeKernels } from './addon.js';
import { convKernels } from './conv.js';
import { dropoutKernels, installDropout } from './dropout.js';
import { elementwiseKernels } from './elementwise.js';
import { gatherKernels } from './gather.js';
import { matmulKernels } from './matmul.js';
import { installNorm, normKernels } from './norm.js';
import { poolKernels } from './pool.js';

export const FAST = 'fast';

/** The kernels the native code replaces, by TF.js kernel name. */
export function nativeKernels(core: Core, nk: NativeKernels): Record<string, Kernel> {
  return { ...elementwiseKernels(core, nk), ...gatherKernels(core), ...convKernels(core, nk), ...poolKernels(core, nk), ...matmulKernels(core, nk) };
}

/**
 * Registers the `fast` backend (once) and returns the names of the native kernels in it, or null
 * when the native kernels are not available (see nativeProblem()). `priority` is TF.js's: a
 * program that sets no backend gets the registered one with the highest.
 */
export async function registerFast(core: Core, priority = 0): Promise<string[] | null> {
  const nk = loadNative();
  if (!nk) return null;
  const replaced = nativeKernels(core, nk);
  if (!core.findBackendFactory(FAST)) {
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    const Backend = recyclingBackend(MathBackendCPU);
    // The cpu backend advises installing tfjs-node on first use; `fast` is the native alternative.
    core.registerBackend(FAST, () => Object.assign(new Backend(), { firstUse: false }), priority);
    for (const k of core.getKernelsForBackend('cpu')) {
      const fn = replaced[k.kernelName] ?? (k.kernelFunc as unknown as Kernel);
      const kernelFunc = ((args: KernelArgs) => {
        const out = fn(args);
        pinShared(args.backend as any, args.inputs, out);
        return out;
      });
      core.registerKernel({ ...k, backendName: FAST, kernelFunc: kernelFunc as unknown as typeof k.kernelFunc });
    }
    for (const [kernelName, fn] of Object.entries({ ...normKernels(nk), ...dropoutKernels(nk) }))
      core.registerKernel({ kernelName, backendName: FAST, kernelFunc: fn as any });
    installNorm(core, FAST);
    installDropout(core, FAST);
  }
  return Object.keys(replaced).sort();
}
