// What a layer kind is: one object per kind, holding everything the compiler knows about it —
// its attributes, its shape rule and its weight shapes. Later stages (code generation,
// TF.js construction) add their part to the same object, so a layer kind lives in one place.
import type { Code } from '../diagnostics/catalog.js';
// Type-only: checking and compiling never load TF.js.
import type * as Tfl from '@tensorflow/tfjs-layers';

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
  | { t: 'dims' }
  /** A kernel regularizer, set by the compiler from `l1`/`l2`/`l1l2`: null or `{l1: number, l2: number}`. */
  | { t: 'regularizer' };

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

/** `@tensorflow/tfjs-layers`' `layers` namespace. */
export type TfLayers = typeof Tfl.layers;
/**
 * What `tfjs()` builds layers with. The `@tensorflow/tfjs-layers` module namespace (or
 * `@tensorflow/tfjs`'s) has both members, so callers pass it as is: `kind.tfjs(tfl, ...)`.
 */
export interface TfContext {
  layers: TfLayers;
  regularizers: typeof Tfl.regularizers;
}
/** TF.js's base `Layer` class, which every `tf.layers.*` factory returns a subclass of. */
export type TfLayer = ReturnType<TfLayers['conv3dTranspose']>;

/**
 * What `ts()` gets: the TypeScript source of each attribute the spec sets (absent ones keep their
 * defaults, so the generated call leaves them out), and the input shape when it is the same
 * wherever the code runs. Code generation sets `activation`, `regularizer` and `bias` from fused
 * activations and modifiers the same way.
 */
export interface TsContext {
  args: Record<string, string>;
  input?: Shape;
  /** The input's rank when it is the same at every use (even if the shape is not). */
  inputRank?: number;
}

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
  /**
   * Builds the TF.js layer named `name` for a (first) input of shape `input`. Null when there is no
   * TF.js layer to make: the builder passes the input through (`identity`, `flatten` on a 1-D
   * input) or, for `input`, makes it itself with `tf.input`.
   * Call only when `tfjsUnsupported` gives no reason.
   */
  tfjs?(tf: TfContext, attrs: Attrs, name: string, input: Shape): TfLayer | null;
  /**
   * Why TF.js cannot build this layer on this input, when Keras can (TF.js has no
   * GlobalAveragePooling3D, no GRU with reset_after = true, ...). Absent or undefined: it can.
   */
  tfjsUnsupported?(input: Shape, attrs: Attrs): string | undefined;
  /**
   * The TF.js call that makes this layer, as TypeScript source written against the namespace `tf`
   * (`tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: "same" })`), defaults left out.
   * Null when there is no layer to make (`identity`). A layer TF.js cannot build becomes a call of
   * the generated `unsupported(message)`. Throws `NotStatic` when the call depends on something
   * the context does not give (the input rank when no shape is known).
   */
  ts?(ctx: TsContext): string | null;
}

export const shapeOk = (shape: Shape): ShapeResult => ({ shape });
export const shapeError = (code: Code, message: string, hint?: string, attr?: string): ShapeResult => ({
  error: { code, message, ...(hint ? { hint } : {}), ...(attr ? { attr } : {}) },
});

/** `32x32x64`, as shapes are written in messages. */
export const formatShape = (shape: Shape): string => (shape.length === 0 ? 'scalar' : shape.join('x'));

/** Equal shapes, axis for axis. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Equal lists of weights: the same names, shapes and trainability, in order. */
export function sameWeights(a: WeightSpec[], b: WeightSpec[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.trainable !== y.trainable || !sameShape(x.shape, y.shape)) return false;
  }
  return true;
}
