// Static analysis of one model from its IR: per-layer parameters (trainable and not), MACs and
// output sizes, block groups, and totals — weights size, FLOPs, activation memory and, for a batch
// size, an estimate of training memory. Counts follow Keras exactly; see docs/analysis.md.
import type { IrModel, IrNode } from '../ir/types.js';
import { findLayer } from '../layers/registry.js';
import type { LayerFamily, Shape } from '../layers/types.js';

export const BYTES_PER_VALUE = 4; // float32

export interface LayerRow {
  id: string;
  name: string;
  kind: string;
  keras: string;
  family: LayerFamily;
  outputShape: Shape;
  params: number;
  trainable: number;
  nonTrainable: number;
  macs: number;
  /** Output values per sample; 0 for the input and for nodes that pass their input through. */
  activations: number;
  /** The block calls the layer comes from, outermost first. */
  scope: string[];
}

/** Estimated training memory for a batch size, in bytes: weights, gradients, optimizer state, activations. */
export interface TrainingMemory {
  batch: number;
  optimizer: string;
  /** Optimizer slots per trainable parameter (adam: m and v). */
  slots: number;
  weights: number;
  gradients: number;
  optimizerState: number;
  activations: number;
  total: number;
}

export interface Totals {
  params: number;
  trainable: number;
  nonTrainable: number;
  /** float32 weights, bytes / 2^20. */
  weightsMB: number;
  macs: number;
  flops: number;
  /** Output values of every layer for one sample. */
  activations: number;
  activationsMB: number;
  layers: number;
}

export interface Summary {
  name: string;
  file: string;
  input: Shape;
  output: Shape;
  layers: LayerRow[];
  totals: Totals;
  training?: TrainingMemory;
}

const MB = 2 ** 20;
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Optimizer state per trainable parameter, as Keras keeps it. */
export function optimizerSlots(optimizer: IrModel['train']['optimizer']): number {
  switch (optimizer.name) {
    case 'adam':
    case 'adamax':
    case 'adadelta':
      return 2;
    case 'rmsprop':
    case 'adagrad':
      return 1;
    case 'sgd':
      return Number(optimizer['momentum'] ?? 0) > 0 ? 1 : 0;
  }
}

/** Nodes that are no computation: the input, identity, flatten of a 1-D input. */
function passesThrough(node: IrNode, input: Shape | undefined): boolean {
  return node.kind === 'input' || node.kind === 'identity' || (node.kind === 'flatten' && (input?.length ?? 0) <= 1);
}

function row(node: IrNode, inputs: Shape[]): LayerRow {
  const kind = findLayer(node.kind);
  let trainable = 0;
  let nonTrainable = 0;
  for (const w of node.weights) {
    if (w.trainable) trainable += size(w.shape);
    else nonTrainable += size(w.shape);
  }
  const macs = kind?.macs && inputs.length ? kind.macs(inputs, node.outputShape, node.attrs) : 0;
  return {
    id: node.id,
    name: node.name,
    kind: node.kind,
    keras: node.keras,
    family: kind?.family ?? 'reshape',
    outputShape: node.outputShape,
    params: trainable + nonTrainable,
    trainable,
    nonTrainable,
    macs,
    activations: passesThrough(node, inputs[0]) ? 0 : size(node.outputShape),
    scope: node.scope,
  };
}

export function trainingMemory(model: IrModel, totals: Totals, batch: number): TrainingMemory {
  const slots = optimizerSlots(model.train.optimizer);
  const weights = totals.params * BYTES_PER_VALUE;
  const gradients = totals.trainable * BYTES_PER_VALUE;
  const optimizerState = totals.trainable * slots * BYTES_PER_VALUE;
  const activations = totals.activations * batch * BYTES_PER_VALUE;
  return {
    batch, optimizer: model.train.optimizer.name, slots,
    weights, gradients, optimizerState, activations,
    total: weights + gradients + optimizerState + activations,
  };
}

export function summarize(model: IrModel, options: { batch?: number } = {}): Summary {
  const shapes = new Map(model.nodes.map((n) => [n.id, n.outputShape]));
  // identity is no layer in Keras or TF.js: it has no row.
  const layers = model.nodes.filter((n) => n.kind !== 'identity').map((n) => row(n, n.inputs.map((i) => shapes.get(i)!)));
  const sum = (f: (r: LayerRow) => number) => layers.reduce((a, r) => a + f(r), 0);
  const params = sum((r) => r.params);
  const macs = sum((r) => r.macs);
  const activations = sum((r) => r.activations);
  const totals: Totals = {
    params,
    trainable: sum((r) => r.trainable),
    nonTrainable: sum((r) => r.nonTrainable),
    weightsMB: (params * BYTES_PER_VALUE) / MB,
    macs,
    flops: 2 * macs,
    activations,
    activationsMB: (activations * BYTES_PER_VALUE) / MB,
    layers: layers.filter((r) => r.kind !== 'input').length,
  };
  return {
    name: model.name,
    file: model.file,
    input: model.input.shape,
    output: shapes.get(model.output)!,
    layers,
    totals,
    ...(options.batch ? { training: trainingMemory(model, totals, options.batch) } : {}),
  };
}
