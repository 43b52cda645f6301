// The intermediate representation: plain JSON, versioned, validated against ir/schema.json.
// Every backend (analysis, code generation, TF.js) reads only this.
import type { Attrs, Shape, WeightSpec } from '../layers/types.js';
import type { IrStructure } from './structure.js';

/** Version 2 added `structure`; version 1 files (without it) are still read. */
export const IR_VERSION = 2;

/** Where in a spec a model or node comes from: 1-based lines and columns, end column exclusive. */
export interface IrLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One layer of a model: its kind, resolved attributes, inputs, output shape and weights. */
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

/** The optimizer of a train section by name, with its settings (`lr`, `momentum`, ...). */
export interface IrOptimizer {
  name: 'sgd' | 'adam' | 'rmsprop' | 'adagrad' | 'adamax' | 'adadelta';
  [setting: string]: string | number;
}

/** A model's train section, every setting resolved (defaults included). */
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

/** One model of a spec: its nodes in topological order, its input, output and train section. */
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
  /** Whether the spec gives the model (or the model a variant builds on) a train section; `train` has defaults otherwise. Absent in version 1. */
  trainGiven?: boolean;
  loc: IrLocation;
}

/** A value of an experiment's grid axis: a number, a boolean, or the text of a symbol or layer (`bn`, `bn(momentum = 0.9)`). */
export type IrGridValue = number | string | boolean;

/** One point of an experiment's grid: a model with the grid's values, resolved. */
export interface IrVariant {
  /** Unique in the experiment and readable: `mlp act=sigmoid norm=bn epochs=40 batch=1`. */
  label: string;
  /** A folder name made from the label: letters, digits, `_`, `-`, `=` and `.` only. */
  folder: string;
  /** The model's name in the spec. */
  model: string;
  /** The grid's values for this variant: model parameters and train settings, by axis name. */
  args: Record<string, IrGridValue>;
  /** The model built with those values; its `train` holds the settings in effect. */
  ir: IrModel;
}

/** An `experiment` declaration: models times a grid, each variant trained `runs` times. */
export interface IrExperiment {
  name: string;
  file: string;
  /** The data as written (`mnist`, `shapes:800`, a path relative to the spec's folder); null: give --data. */
  data: string | null;
  runs: number;
  /** The first seed (runs use seed, seed + 1, ...); null: the model's train seed, else 1. */
  seed: number | null;
  /** The grid's axes in declaration order; a `param` axis sets a model parameter, a `train` axis a train setting. */
  axes: { name: string; kind: 'param' | 'train'; values: IrGridValue[] }[];
  /** Models in the declared order, each expanded over the grid (first axis slowest). */
  variants: IrVariant[];
  loc: IrLocation;
}

/** The IR of a spec file: what `nnc ir` prints and every backend reads. */
export interface IrFile {
  irVersion: 1 | typeof IR_VERSION;
  file: string;
  models: IrModel[];
  /** The spec's blocks, parameters and steps; absent in version 1, or when the spec's structure cannot be kept. */
  structure?: IrStructure;
  /** The file's `experiment` declarations; absent when it has none. */
  experiments?: IrExperiment[];
}
