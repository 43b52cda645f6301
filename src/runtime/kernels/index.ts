// Gradient kernels the stock wasm backend lacks, composed of the kernels it has, so that every
// v1 layer trains on it. Each kernel has its own file and replaces nothing the backend already
// registers: a faster implementation registered first (or the backend's own, once it has one) wins.
import type * as Tfc from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './depthwise-backprop.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

export const composedKernels = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  unsortedSegmentSumConfig,
] as const;

/** Registers each composed kernel the backend does not have yet; returns the names registered. */
export function registerMissingKernels(tf: typeof Tfc, backendName: string): string[] {
  const added: string[] = [];
  for (const make of composedKernels) {
    const config = make(tf, backendName);
    if (tf.getKernel(config.kernelName, backendName)) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
