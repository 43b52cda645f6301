// One mapping per layer kind from its attributes to TF.js arguments: the factory (chosen by the
// input's rank where Keras has 1D/2D/3D classes) and, in the order generated code writes them,
// which attribute each TF.js argument comes from. `tfjs()` builds from it with values, `ts()`
// prints it with the TypeScript the spec's arguments became; so the two cannot disagree.
import { NotStatic, tfRegularizer, tsLayer } from './common.js';
import type { AttrSpec, Attrs, AttrValue, LayerKind, TfContext, TfLayer, TsContext } from './types.js';

export interface TfjsMap {
  /** The `tf.layers` factory for an input of this many axes (`conv2d` for 3). */
  fn: string | ((inputRank: number) => string);
  /** `[TF.js argument, attribute]`, in the order `ts()` writes them. */
  args: readonly (readonly [string, string])[];
  /** TF.js arguments written even when the attribute keeps its default, because TF.js has another or none (kernelSize). */
  always?: readonly string[];
}

type Factory = (args: Record<string, unknown>) => TfLayer;

/** A TF.js argument's value from an attribute's: the regularizer becomes TF.js's, the rest passes as is. */
function tfValue(tf: TfContext, attr: string, value: AttrValue | undefined): unknown {
  return attr === 'regularizer' ? tfRegularizer(tf, value) : value;
}

/** `tfjs()` for a kind with this mapping. */
export function tfjsFromMap(map: TfjsMap): NonNullable<LayerKind['tfjs']> {
  return (tf, attrs: Attrs, name, input) => {
    const fn = typeof map.fn === 'string' ? map.fn : map.fn(input.length);
    const args: Record<string, unknown> = { name };
    for (const [tfName, attr] of map.args) args[tfName] = tfValue(tf, attr, attrs[attr]);
    return (tf.layers as unknown as Record<string, Factory>)[fn]!(args);
  };
}

/** `ts()` for a kind with this mapping; `attrs` gives the defaults of the `always` arguments. */
export function tsFromMap(map: TfjsMap, attrs: readonly AttrSpec[], kind: string): NonNullable<LayerKind['ts']> {
  return (ctx: TsContext) => {
    let fn: string;
    if (typeof map.fn === 'string') fn = map.fn;
    else {
      const rank = ctx.input?.length ?? ctx.inputRank;
      if (rank === undefined) throw new NotStatic(`${kind}: the input rank differs between uses`);
      fn = map.fn(rank);
    }
    const props: Record<string, string | undefined> = {};
    for (const [tfName, attr] of map.args) {
      const fallback = map.always?.includes(tfName) ? JSON.stringify(attrs.find((a) => a.name === attr)?.default) : undefined;
      props[tfName] = ctx.args[attr] ?? fallback;
    }
    return tsLayer(fn, props);
  };
}

/** The attributes of every weighted layer's tail, as TF.js names them. */
export const kernelArgs = (regularizer = 'kernelRegularizer'): [string, string][] => [
  ['useBias', 'bias'],
  ['activation', 'activation'],
  [regularizer, 'regularizer'],
];
