// The intermediate representation: plain JSON, versioned, validated against ir/schema.json.
// Every backend (analysis, code generation, TF.js) reads only this.
import type { Attrs, Shape, WeightSpec } from '../layers/types.js';

export const IR_VERSION = 1;

export interface IrLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface IrNode {
  /** Unique in the model: `n0`, `n1`, ... in topological order. */
  id: string;
  /** Keras-style layer name, unique in the model (`conv2d_1`). */
  name: string;
  /** The layer kind's name in the registry (`conv`), or `input`, `add`, `concat`. */
  kind: string;
  /** Keras class name (`Conv2D`). */
  keras: string;
  /** Every attribute resolved, defaults included. */
  attrs: Attrs;
  /** Ids of the nodes feeding this one, in order. */
  inputs: string[];
  outputShape: Shape;
  weights: WeightSpec[];
  loc: IrLocation;
  /** The block calls this node was expanded from, outermost first (`conv_block_2`). */
  scope: string[];
}

export interface IrOptimizer {
  name: 'sgd' | 'adam' | 'rmsprop' | 'adagrad' | 'adamax' | 'adadelta';
  [setting: string]: string | number;
}

export interface IrTrain {
  optimizer: IrOptimizer;
  /** Null when the spec names no loss: the model can be analysed but not trained. */
  loss: string | null;
  metrics: string[];
  batch: number;
  epochs: number;
  validation: number;
  shuffle: boolean;
  seed: number | null;
}

export interface IrModel {
  name: string;
  file: string;
  /** The model's parameters with the values this model was built with. */
  params: Attrs;
  /** For `model b = a(...)`: `a`. */
  variantOf?: string;
  input: { shape: Shape; dtype: 'float32' | 'int32' };
  nodes: IrNode[];
  /** Id of the node whose output is the model's output. */
  output: string;
  train: IrTrain;
  loc: IrLocation;
}

export interface IrFile {
  irVersion: typeof IR_VERSION;
  file: string;
  models: IrModel[];
}
