// The `fast` TF.js backend: TF.js's JavaScript cpu backend (same tensor storage, every kernel)
// with its hot kernels replaced by the native ones of ../../../native: convolutions and their
// gradients, pooling, matrix products. The `cpu` backend itself stays the untouched reference.
import type { Core, Kernel } from './common.js';
import { loadNative, type NativeKernels } from './addon.js';
import { convKernels } from './conv.js';
import { matmulKernels } from './matmul.js';
import { poolKernels } from './pool.js';

export const FAST = 'fast';

/** The kernels the native code replaces, by TF.js kernel name. */
export function nativeKernels(core: Core, nk: NativeKernels): Record<string, Kernel> {
  return { ...convKernels(core, nk), ...poolKernels(core, nk), ...matmulKernels(core, nk) };
}

/**
 * Registers the `fast` backend (once) and returns the names of the native kernels in it, or null
 * when the native kernels are not available (see nativeProblem()).
 */
export async function registerFast(core: Core): Promise<string[] | null> {
  const nk = loadNative();
  if (!nk) return null;
  const replaced = nativeKernels(core, nk);
  if (!core.findBackendFactory(FAST)) {
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    core.registerBackend(FAST, () => new MathBackendCPU(), 0);
    for (const k of core.getKernelsForBackend('cpu')) {
      const kernelFunc = (replaced[k.kernelName] ?? k.kernelFunc) as typeof k.kernelFunc;
      core.registerKernel({ ...k, backendName: FAST, kernelFunc });
    }
  }
  return Object.keys(replaced).sort();
}
