// Gradient kernels the stock wasm backend lacks, composed of the kernels it has, so that every
// v1 layer trains on it; each kernel has its own file. A missing kernel is added only when no
// other implementation is registered yet, so a faster one registered first wins. Replacements
// swap stock kernels that are slow (Conv2DBackpropInput, a plain loop) or wrong (MaxPoolGrad).
import type * as Tfc from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './depthwise-backprop.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

export const composedKernels = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  unsortedSegmentSumConfig,
] as const;

/** Kernels the backend has, but slow (a plain loop) or wrong in some cases: replaced once, at loading. */
export const replacementKernels = [conv2dBackpropInputConfig, maxPoolGradConfig] as const;

const replaced = new Set<string>();

/** Registers each composed kernel the backend does not have yet, and the replacements; returns their names. */
export function registerMissingKernels(tf: typeof Tfc, backendName: string): string[] {
  const added: string[] = [];
  for (const make of composedKernels) {
    const config = make(tf, backendName);
    if (tf.getKernel(config.kernelName, backendName)) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  for (const make of replacementKernels) {
    const config = make(tf, backendName);
    const key = `${backendName}/${config.kernelName}`;
    if (replaced.has(key)) continue;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
    replaced.add(key);
    added.push(config.kernelName);
  }
  return added;
}
