// What a layer kind is: one object per kind, holding everything the compiler knows about it —
// its attributes, its shape rule and its weight shapes. Later stages (code generation,
// TF.js construction) add their part to the same object, so a layer kind lives in one place.
import type { Code } from '../diagnostics/catalog.js';

/** A shape of one sample: channels last, no batch dimension. */
export type Shape = number[];

/** Attribute values after evaluation, as they appear in the IR. */
export type AttrValue = number | boolean | string | null | AttrValue[] | { [k: string]: AttrValue };
export type Attrs = Record<string, AttrValue>;

/** The type of an attribute. Values are converted and checked against it before a layer sees them. */
export type AttrType =
  | { t: 'int'; min?: number; max?: number }
  | { t: 'number'; min?: number; max?: number; /** the max itself is not allowed */ maxExclusive?: boolean }
  | { t: 'bool' }
  | { t: 'symbol'; values: readonly string[] }
  | { t: 'string'; values?: readonly string[] }
  /** An integer or a tuple of integers (kernel sizes, strides); stored as given (number or number[]). */
  | { t: 'ints'; min?: number }
  /** `zeropad`: p, (h, w) or ((t, b), (l, r)); stored as given. */
  | { t: 'padding' }
  /** All positional arguments gathered into one list of integers (`reshape(d1, d2, ...)`). */
  | { t: 'dims' };

export interface AttrSpec {
  name: string;
  type: AttrType;
  /** Absent: the argument is required. */
  default?: AttrValue;
  /** May be given by position, in the order of the attrs array (only a leading run of attrs may be). */
  positional?: boolean;
  doc: string;
}

export type LayerFamily =
  | 'input'
  | 'conv'
  | 'dense'
  | 'normalization'
  | 'recurrent'
  | 'embedding'
  | 'pooling'
  | 'activation'
  | 'reshape'
  | 'dropout'
  | 'merge';

export interface WeightSpec {
  /** Keras's weight name: kernel, bias, gamma, beta, moving_mean, depthwise_kernel, ... */
  name: string;
  shape: Shape;
  trainable: boolean;
}

/** What a shape rule returns when the input does not fit. The checker turns it into a diagnostic. */
export interface ShapeError {
  code: Code;
  message: string;
  hint?: string;
  /** The attribute to point at, when the problem lies in one. */
  attr?: string;
}

export type ShapeResult = { shape: Shape } | { error: ShapeError };

export interface LayerKind {
  /** The name used in .nn files and in the IR (`conv`, `bn`, `relu`). */
  name: string;
  /** One line for help texts and docs. */
  doc: string;
  family: LayerFamily;
  attrs: readonly AttrSpec[];
  /** A weighted layer with a kernel: the layer `l1`/`l2`/`l1l2`/`nobias` attach to. */
  hasKernel?: boolean;
  /** Takes several inputs (add, concat); every other kind takes exactly one. */
  multiInput?: boolean;
  /** Keras's class name for this layer on this input (`Conv2D` on a 3-D input). */
  keras(input: Shape, attrs: Attrs): string;
  /** Output shape for the given input shape(s); `inputs[0]` is the input of single-input kinds. */
  inferShape(inputs: Shape[], attrs: Attrs): ShapeResult;
  /** Weight shapes, in Keras's order. A pure function of the input shape and the attributes. */
  weights(inputs: Shape[], attrs: Attrs): WeightSpec[];
  /** Multiply-accumulates per sample (biases not counted). Absent: zero. */
  macs?(inputs: Shape[], output: Shape, attrs: Attrs): number;
}

export const shapeOk = (shape: Shape): ShapeResult => ({ shape });
export const shapeError = (code: Code, message: string, hint?: string, attr?: string): ShapeResult => ({
  error: { code, message, ...(hint ? { hint } : {}), ...(attr ? { attr } : {}) },
});

/** `32x32x64`, as shapes are written in messages. */
export const formatShape = (shape: Shape): string => (shape.length === 0 ? 'scalar' : shape.join('x'));
