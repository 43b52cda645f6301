// rnn(units), lstm(units), gru(units): recurrent layers over a (timesteps, features) input
// (Keras SimpleRNN, LSTM, GRU). They differ in gate count and, for gru, the bias layout.
import { biasAttr, bool, label, num, NotStatic, regularizerAttr, tfRegularizer, tsLayer, tsUnsupported } from './common.js';
import type { TsContext } from './types.js';
import { describeInput } from './shape-utils.js';
import { shapeError, shapeOk, type AttrSpec, type Attrs, type LayerKind, type TfContext, type TfLayer } from './types.js';

interface Recurrent {
  name: 'rnn' | 'lstm' | 'gru';
  keras: 'SimpleRNN' | 'LSTM' | 'GRU';
  doc: string;
  /** Weight blocks per unit: 1 for SimpleRNN, 4 for LSTM, 3 for GRU. */
  gates: number;
  extraAttrs: readonly AttrSpec[];
  /** gru with reset_after keeps separate input and recurrent biases: shape [2, 3·units]. */
  biasRows(attrs: Attrs): number;
  build(tf: TfContext, args: Parameters<TfContext['layers']['simpleRNN']>[0], attrs: Attrs): TfLayer;
  /** The TF.js factory's name in generated code, or the `unsupported()` call when TF.js cannot build it. */
  tsFactory(ctx: TsContext): string;
  tfjsUnsupported?(input: number[], attrs: Attrs): string | undefined;
}

function recurrentKind(r: Recurrent): LayerKind {
  const kind: LayerKind = {
    name: r.name,
    doc: r.doc,
    family: 'recurrent',
    hasKernel: true,
    attrs: [
      { name: 'units', type: { t: 'int', min: 1 }, positional: true, doc: 'size of the state and of each output' },
      { name: 'sequences', type: { t: 'bool' }, default: false, doc: 'output every timestep (timesteps, units), not only the last (units)' },
      ...r.extraAttrs,
      biasAttr,
      regularizerAttr,
    ],
    keras: () => r.keras,
    ...(r.tfjsUnsupported ? { tfjsUnsupported: r.tfjsUnsupported } : {}),
    inferShape([input], attrs) {
      if (input!.length !== 2) {
        return shapeError('NN0401',
          `${label(r.name, kind.attrs, attrs)} after ${describeInput(input!)}: ${r.name} needs a 2-D input (timesteps, features)${input!.length > 2 ? '; add reshape to make it (timesteps, features)' : '; add reshape or embedding to give it a time axis'}`);
      }
      const units = num(attrs, 'units');
      return shapeOk(bool(attrs, 'sequences') ? [input![0]!, units] : [units]);
    },
    weights([input], attrs) {
      const units = num(attrs, 'units');
      const width = r.gates * units;
      const weights = [
        { name: 'kernel', shape: [input!.at(-1)!, width], trainable: true },
        { name: 'recurrent_kernel', shape: [units, width], trainable: true },
      ];
      if (!bool(attrs, 'bias')) return weights;
      const rows = r.biasRows(attrs);
      return [...weights, { name: 'bias', shape: rows === 1 ? [width] : [rows, width], trainable: true }];
    },
    macs: ([input], _output, attrs) => {
      const units = num(attrs, 'units');
      return input![0]! * (input![1]! + units) * r.gates * units;
    },
    tfjs: (tf, attrs, name) =>
      withCellPenalty(r.build(tf, {
        name,
        units: num(attrs, 'units'),
        returnSequences: bool(attrs, 'sequences'),
        useBias: bool(attrs, 'bias'),
        kernelRegularizer: tfRegularizer(tf, attrs['regularizer']),
      }, attrs)),
    ts(ctx) {
      const factory = r.tsFactory(ctx);
      if (factory.startsWith('unsupported(')) return factory;
      const a = ctx.args;
      const layer = tsLayer(factory, { units: a['units'], returnSequences: a['sequences'], useBias: a['bias'], kernelRegularizer: a['regularizer'] });
      // The generated module's withCellPenalty does what withCellPenalty below does here.
      return a['regularizer'] === undefined ? layer : `withCellPenalty(${layer})`;
    },
  };
  return kind;
}

/**
 * TF.js keeps a recurrent layer's kernel penalty on its cell, where no model collects it, so training
 * would leave it out; Keras adds it to the loss. The layer reports its cell's penalties as its own.
 */
export function withCellPenalty(layer: TfLayer): TfLayer {
  const own = layer.calculateLosses.bind(layer);
  const cell = () => (layer as TfLayer & { cell?: TfLayer }).cell;
  layer.calculateLosses = () => [...own(), ...(cell()?.calculateLosses() ?? [])];
  return layer;
}

export const rnn = recurrentKind({
  name: 'rnn', keras: 'SimpleRNN', gates: 1, extraAttrs: [], biasRows: () => 1,
  doc: 'Fully connected recurrent layer with a tanh state (Keras SimpleRNN).',
  build: (tf, args) => tf.layers.simpleRNN(args),
  tsFactory: () => 'simpleRNN',
});

export const lstm = recurrentKind({
  name: 'lstm', keras: 'LSTM', gates: 4, extraAttrs: [], biasRows: () => 1,
  doc: 'Long short-term memory layer (Keras LSTM).',
  build: (tf, args) => tf.layers.lstm(args),
  tsFactory: () => 'lstm',
});

export const gru = recurrentKind({
  name: 'gru', keras: 'GRU', gates: 3,
  extraAttrs: [{ name: 'reset_after', type: { t: 'bool' }, default: true, doc: 'apply the reset gate after the matrix product (Keras 2+ default; separate input and recurrent biases)' }],
  biasRows: (attrs) => (bool(attrs, 'reset_after') ? 2 : 1),
  doc: 'Gated recurrent unit layer (Keras GRU).',
  // TF.js's GRUCell rejects reset_after = true (and its types omit the option): only false builds.
  tfjsUnsupported: (_input, attrs) =>
    bool(attrs, 'reset_after') ? 'TF.js builds gru only with reset_after = false (Keras defaults to true); write gru(..., reset_after = false)' : undefined,
  build(tf, args, attrs) {
    if (bool(attrs, 'reset_after')) throw new Error('gru with reset_after = true cannot be built in TF.js; check tfjsUnsupported first');
    return tf.layers.gru(args);
  },
  tsFactory(ctx) {
    const resetAfter = ctx.args['reset_after'];
    if (resetAfter === 'false') return 'gru';
    if (resetAfter === undefined || resetAfter === 'true') {
      return tsUnsupported('TF.js builds gru only with reset_after = false (Keras defaults to true); write gru(..., reset_after = false)');
    }
    throw new NotStatic('gru: reset_after is not a constant');
  },
});
