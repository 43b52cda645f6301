// Attribute specs and small helpers shared by several layer kinds: the kernel attributes
// (bias, activation, regularizer), attribute readers, call labels for messages, and the
// mapping of regularizers and spatial tuples onto TF.js arguments.
import type { AttrSpec, Attrs, AttrValue, TfContext, TfLayers, TsContext } from './types.js';

/** Activation names usable as a weighted layer's fused `activation` (Keras/TF.js identifiers). */
export const activationNames = [
  'linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'gelu',
] as const;
export type ActivationName = (typeof activationNames)[number];

export const paddings = ['valid', 'same'] as const;

export const biasAttr: AttrSpec = { name: 'bias', type: { t: 'bool' }, default: true, doc: 'add a bias vector (false drops it, as `nobias` does)' };
export const activationAttr: AttrSpec = {
  name: 'activation', type: { t: 'symbol', values: activationNames }, default: 'linear',
  doc: 'activation applied to the output (set by the compiler when it folds a following activation)',
};
export const regularizerAttr: AttrSpec = {
  name: 'regularizer', type: { t: 'regularizer' }, default: null,
  doc: 'kernel regularizer {l1, l2}, set by the compiler from l1/l2/l1l2; null for none',
};
export const paddingAttr: AttrSpec = {
  name: 'padding', type: { t: 'symbol', values: paddings }, default: 'valid', doc: 'valid (no padding) or same (output size = ceil(input / stride))',
};
export const kernelAttrs: readonly AttrSpec[] = [biasAttr, activationAttr, regularizerAttr];

export const num = (attrs: Attrs, name: string): number => attrs[name] as number;
export const bool = (attrs: Attrs, name: string): boolean => attrs[name] as boolean;
export const str = <T extends string = string>(attrs: Attrs, name: string): T => attrs[name] as T;

/** Attributes with every absent one set to its default (what the checker hands to a kind). */
export function withDefaults(specs: readonly AttrSpec[], given: Attrs): Attrs {
  const out: Attrs = {};
  for (const spec of specs) {
    const value = given[spec.name] ?? spec.default;
    if (value !== undefined) out[spec.name] = value;
  }
  return out;
}

/** `conv(64)`: the kind and its required positional arguments, as messages name a layer. */
export function label(name: string, specs: readonly AttrSpec[], attrs: Attrs): string {
  const shown = specs.filter((s) => s.positional && s.default === undefined && attrs[s.name] !== undefined);
  const fmt = (v: AttrValue): string => (Array.isArray(v) ? v.map(fmt).join(', ') : String(v));
  return shown.length === 0 ? name : `${name}(${shown.map((s) => fmt(attrs[s.name]!)).join(', ')})`;
}

/** The TF.js regularizer for a `regularizer` attribute value, or undefined for none. */
export function tfRegularizer(tf: TfContext, value: AttrValue | undefined) {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return tf.regularizers.l1l2({ l1: Number(value['l1'] ?? 0), l2: Number(value['l2'] ?? 0) });
}

/** What TF.js's kernelSize/strides/... accept for 1, 2 or 3 axes; `tuple` gives the right length. */
export type TfTuple = [number] & [number, number] & [number, number, number];

/** A number or tuple attribute as `rank` numbers for TF.js (the checker has validated it). */
export function tuple(value: AttrValue, rank: number): TfTuple {
  return (typeof value === 'number' ? Array<number>(rank).fill(value) : value) as TfTuple;
}

/** The fused `activation` attribute as TF.js's activation identifier. */
export const tfActivation = (attrs: Attrs) =>
  attrs['activation'] as NonNullable<Parameters<TfLayers['dense']>[0]['activation']>;

/** Thrown by a kind's `ts()` when the code depends on what the context does not say (the input rank). */
export class NotStatic extends Error {}

/** `tf.layers.fn({ a: 1 })` from the properties that are set (in order); `tf.layers.fn()` when none are (`({})` when TF.js requires a config). */
export function tsLayer(fn: string, props: Record<string, string | undefined> = {}, argsRequired = false): string {
  const set = Object.entries(props).filter((e): e is [string, string] => e[1] !== undefined);
  const config = set.length ? `{ ${set.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : argsRequired ? '{}' : '';
  return `tf.layers.${fn}(${config})`;
}

/** The number of spatial axes of the input (1, 2 or 3), which picks Conv1D/2D/3D and the like. */
export function tsRank(ctx: TsContext, kind: string): number {
  const rank = ctx.input?.length ?? ctx.inputRank;
  if (rank === undefined) throw new NotStatic(`${kind}: the input rank differs between uses`);
  return rank - 1;
}

/** The properties every weighted layer shares: bias, fused activation, kernel regularizer. */
export const tsKernelProps = (ctx: TsContext, regularizer = 'kernelRegularizer'): Record<string, string | undefined> => ({
  useBias: ctx.args['bias'],
  activation: ctx.args['activation'],
  [regularizer]: ctx.args['regularizer'],
});

/** The call of the generated `unsupported()` helper: the code type-checks and fails with `message` when run. */
export const tsUnsupported = (message: string): string => `unsupported(${JSON.stringify(message)})`;
