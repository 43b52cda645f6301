// Pure shape arithmetic shared by layer kinds, written to match tfjs-layers' and Keras's
// helpers (conv_utils.convOutputLength, deconvLength, normalize_tuple) exactly.
import { formatShape, shapeError, type AttrValue, type Shape, type ShapeResult } from './types.js';

export type Padding = 'valid' | 'same';

/** Output length of a convolution or pooling window along one axis; may be ≤ 0 for valid padding. */
export function convOutputLength(len: number, kernel: number, stride: number, padding: Padding, dilation = 1): number {
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  const out = padding === 'same' ? len : len - dilated + 1;
  return Math.floor((out + stride - 1) / stride);
}

/** Output length of a transposed convolution along one axis (no output padding). */
export function deconvOutputLength(len: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? len * stride : len * stride + Math.max(kernel - stride, 0);
}

export type TupleResult = { value: number[] } | { error: ShapeResult };

/** A number or tuple of positive integers, as `rank` numbers; the wrong length is NN0210 on `name`. */
export function normalizeTuple(value: AttrValue, rank: number, name: string): TupleResult {
  const values = typeof value === 'number' ? Array<number>(rank).fill(value) : Array.isArray(value) ? value : [];
  if (values.length !== rank) {
    const given = Array.isArray(value) ? `${value.length} values` : JSON.stringify(value);
    return { error: shapeError('NN0210', `${name} needs ${rank} value${rank === 1 ? '' : 's'} here (one per spatial axis), not ${given}`, undefined, name) };
  }
  if (!values.every((v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    return { error: shapeError('NN0207', `${name} values must be integers of at least 1, not ${JSON.stringify(value)}`, undefined, name) };
  }
  return { value: values };
}

export const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** `a 3-D input (32x32x64)`, as rank errors describe their input. */
export const describeInput = (shape: Shape): string => `a ${shape.length}-D input (${formatShape(shape)})`;

/** Windowed output lengths over `spatial`, or NN0402 when a window does not fit (valid padding). */
export function windowOutput(
  label: () => string, input: Shape, spatial: number[], kernel: number[], stride: number[], padding: Padding, dilation: number[], what = 'kernel',
): { value: number[] } | { error: ShapeResult } {
  const out: number[] = [];
  for (let i = 0; i < spatial.length; i++) {
    const len = convOutputLength(spatial[i]!, kernel[i]!, stride[i]!, padding, dilation[i]!);
    if (len <= 0) {
      const span = kernel[i]! + (kernel[i]! - 1) * (dilation[i]! - 1);
      const dil = dilation[i]! > 1 ? ` (${span} with dilation ${dilation[i]})` : '';
      return {
        error: shapeError('NN0402',
          `${label()}: ${what} ${kernel[i]}${dil} is larger than the input's axis ${i + 1} (${spatial[i]} in ${formatShape(input)}) with padding = valid; use padding = same or a smaller ${what}`),
      };
    }
    out.push(len);
  }
  return { value: out };
}

export interface ConvGeometry {
  kernel: number[];
  stride: number[];
  dilation: number[];
  /** Output lengths of the spatial axes. */
  spatial: number[];
}

/**
 * Kernel, stride and dilation of a convolution or pooling window over the leading `rank` axes of
 * `input` (the last axis is channels), with the output lengths; or the error TF.js would raise.
 */
export function convGeometry(
  /** How messages name the layer (made only for a message). */
  label: () => string, input: Shape, rank: number,
  a: { kernel: AttrValue; stride: AttrValue; padding: Padding; dilation?: AttrValue }, what = 'kernel', kernelName = 'kernel',
): ConvGeometry | { error: ShapeResult } {
  const kernel = normalizeTuple(a.kernel, rank, kernelName);
  if ('error' in kernel) return kernel;
  const stride = normalizeTuple(a.stride, rank, 'stride');
  if ('error' in stride) return stride;
  const dilation = normalizeTuple(a.dilation ?? 1, rank, 'dilation');
  if ('error' in dilation) return dilation;
  if (stride.value.some((s) => s > 1) && dilation.value.some((d) => d > 1)) {
    return { error: shapeError('NN0406', `${label()}: stride ${JSON.stringify(a.stride)} and dilation ${JSON.stringify(a.dilation)} cannot be combined; TF.js needs one of them to be 1`, undefined, 'dilation') };
  }
  const spatial = windowOutput(label, input, input.slice(0, rank), kernel.value, stride.value, a.padding, dilation.value, what);
  if ('error' in spatial) return spatial;
  return { kernel: kernel.value, stride: stride.value, dilation: dilation.value, spatial: spatial.value };
}

/** NN0401 for the 2D-only layers (dwconv, sepconv, deconv, zeropad, upsample) on other ranks. */
export const needs2d = (label: string, kind: string, input: Shape): ShapeResult =>
  shapeError('NN0401',
    `${label} after ${describeInput(input)}: ${kind} needs a 3-D input (height, width, channels)${input.length < 3 ? '; add reshape to give it spatial axes' : ''}`);
