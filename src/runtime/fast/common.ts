// Helpers shared by the native kernel wrappers: tensor data as Float32Array, output allocation,
// ConvShape packing, activation codes, and falling back to the reference `cpu` kernel.
import type * as Tfc from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export type Core = typeof Tfc;
export type TensorInfo = Tfc.TensorInfo;
export type Conv2DInfo = Tfc.backend_util.Conv2DInfo;
export interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined | null>;
  backend: MathBackendCPU;
  attrs?: Record<string, unknown>;
}
export type Kernel = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** A float32 tensor's values (the cpu backend keeps them as a Float32Array). */
export function f32(backend: MathBackendCPU, t: TensorInfo): Float32Array {
  return backend.data.get(t.dataId).values as Float32Array;
}

/** Every given tensor is float32 and stored as a Float32Array (a float32 cast of int32 or bool data keeps its Int32Array). */
export const allF32 = (backend: MathBackendCPU, ...ts: (TensorInfo | null | undefined)[]) =>
  ts.every((t) => !t || (t.dtype === 'float32' && backend.data.get(t.dataId)?.values instanceof Float32Array));

/** Output memory: recycled by the `fast` backend (see memory.ts), fresh otherwise. */
export function alloc(backend: MathBackendCPU, n: number): Float32Array {
  const b = backend as MathBackendCPU & { take?: (n: number) => Float32Array };
  return b.take ? b.take(n) : new Float32Array(n);
}

export function output(backend: MathBackendCPU, shape: number[], values: Float32Array): TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The ConvShape struct of native/conv.h; `co` is the channel multiplier for depthwise. */
export function convParams(info: Conv2DInfo, co = info.outChannels): Int32Array {
  return Int32Array.of(info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    co, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left);
}

/** Activation codes of native/conv.h; undefined for those done by the reference kernel (prelu). */
export function actCode(activation: unknown): number | undefined {
  switch (activation ?? 'linear') {
    case 'linear': return 0;
    case 'relu': return 1;
    case 'relu6': return 2;
    case 'sigmoid': return 3;
    case 'leakyrelu': return 4;
    case 'elu': return 5;
    default: return undefined;
  }
}

/** The reference cpu backend's kernel of that name, to fall back on for what the native one lacks. */
export function reference(core: Core, name: string): Kernel {
  const k = core.getKernel(name, 'cpu');
  if (!k) throw new Error(`TF.js cpu backend has no kernel ${name}`);
  return k.kernelFunc as unknown as Kernel;
}
