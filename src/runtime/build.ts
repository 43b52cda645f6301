// IR → TF.js model. Each node becomes the TF.js layer its kind's tfjs() makes, named as in the IR;
// a chain of single-input nodes becomes a Sequential model, anything that branches a functional one.
// Nodes with no TF.js layer (identity, flatten on a 1-D input) pass their input through.
// Building creates and initializes weights but runs nothing.
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { isChain } from '../ir/chain.js';
import type { IrModel, IrNode } from '../ir/types.js';

export { isChain };
import { findLayer } from '../layers/registry.js';
import type { LayerKind, TfLayer } from '../layers/types.js';
import type { Tf } from './tf.js';

/** The IR asks for something TF.js cannot build (a GRU with reset_after = true, gap on a 4-D input). */
export class UnsupportedInTfjs extends Error {}

function kindOf(node: IrNode): LayerKind {
  const kind = findLayer(node.kind);
  if (!kind) throw new Error(`IR node ${node.name} has unknown kind '${node.kind}'`);
  return kind;
}

/** The TF.js layer for a node, or null when the node passes its input through. */
function layerFor(tf: Tf, node: IrNode, input: number[]): TfLayer | null {
  const kind = kindOf(node);
  const why = kind.tfjsUnsupported?.(input, node.attrs);
  if (why) throw new UnsupportedInTfjs(`${node.name} (${node.kind}): ${why}`);
  if (!kind.tfjs) throw new UnsupportedInTfjs(`${node.name} (${node.kind}): no TF.js layer for this kind`);
  return kind.tfjs(tf.tfl, node.attrs, node.name, input);
}

export function buildModel(tf: Tf, model: IrModel): LayersModel {
  return isChain(model) ? buildSequential(tf, model) : buildFunctional(tf, model);
}

function buildSequential(tf: Tf, model: IrModel): LayersModel {
  const seq = tf.tfl.sequential({ name: model.name });
  const [input, ...rest] = model.nodes;
  seq.add(tf.tfl.layers.inputLayer({ name: input!.name, inputShape: model.input.shape, dtype: model.input.dtype }));
  let shape = model.input.shape;
  for (const node of rest) {
    const layer = layerFor(tf, node, shape);
    if (layer) seq.add(layer);
    shape = node.outputShape;
  }
  return seq;
}

function buildFunctional(tf: Tf, model: IrModel): LayersModel {
  const shapes = new Map(model.nodes.map((n) => [n.id, n.outputShape]));
  const tensors = new Map<string, SymbolicTensor>();
  const [input, ...rest] = model.nodes;
  const x = tf.tfl.input({ name: input!.name, shape: model.input.shape, dtype: model.input.dtype });
  tensors.set(input!.id, x);
  for (const node of rest) {
    const ins = node.inputs.map((id) => tensors.get(id)!);
    const layer = layerFor(tf, node, shapes.get(node.inputs[0]!)!);
    const out = layer ? layer.apply(ins.length === 1 ? ins[0]! : ins) : ins[0]!;
    tensors.set(node.id, out as SymbolicTensor);
  }
  return tf.tfl.model({ name: model.name, inputs: x, outputs: tensors.get(model.output)! });
}
