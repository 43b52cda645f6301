// Modifiers are not layers: they change the nearest weighted layer with a kernel to their left
// in the same chain. `l1`/`l2`/`l1l2` set its kernel regularizer, `nobias` drops its bias.
import type { AttrSpec, Attrs, AttrValue } from '../layers/types.js';

export interface Modifier {
  name: string;
  doc: string;
  attrs: readonly AttrSpec[];
  /** The attributes it changes of the layer it attaches to, with their new values (every layer with a kernel has them). */
  apply(layer: Attrs, args: Attrs): Attrs;
}

const factor = (name: string, doc: string): AttrSpec => ({
  name,
  type: { t: 'number', min: 0 },
  default: 0.01,
  positional: true,
  doc,
});

/** Regularizers given twice on one layer add up, as two Keras penalties on the same kernel would. */
function regularize(layer: Attrs, l1: number, l2: number): Attrs {
  const old = layer.regularizer as { l1: number; l2: number } | null | undefined;
  const merged: AttrValue = { l1: (old?.l1 ?? 0) + l1, l2: (old?.l2 ?? 0) + l2 };
  return { regularizer: merged };
}

export const modifiers: readonly Modifier[] = [
  {
    name: 'l1',
    doc: 'L1 kernel regularizer: adds f·Σ|w| to the loss.',
    attrs: [factor('f', 'the penalty factor')],
    apply: (layer, args) => regularize(layer, args.f as number, 0),
  },
  {
    name: 'l2',
    doc: 'L2 kernel regularizer: adds f·Σw² to the loss.',
    attrs: [factor('f', 'the penalty factor')],
    apply: (layer, args) => regularize(layer, 0, args.f as number),
  },
  {
    name: 'l1l2',
    doc: 'L1 and L2 kernel regularizers together.',
    attrs: [factor('l1', 'the L1 factor'), factor('l2', 'the L2 factor')],
    apply: (layer, args) => regularize(layer, args.l1 as number, args.l2 as number),
  },
  {
    name: 'nobias',
    doc: 'Drops the bias of the layer (same as bias = false).',
    attrs: [],
    apply: () => ({ bias: false }),
  },
];

const byName = new Map(modifiers.map((m) => [m.name, m]));

export const findModifier = (name: string): Modifier | undefined => byName.get(name);
