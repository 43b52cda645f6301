// Whether a model is a plain chain, which builders write as a Sequential model.
import type { IrModel } from './types.js';

/** True when every node after the input takes exactly the previous node's output, and the last is the output. */
export function isChain(model: IrModel): boolean {
  return model.nodes.every((n, i) => (i === 0 ? n.inputs.length === 0 : n.inputs.length === 1 && n.inputs[0] === model.nodes[i - 1]!.id))
    && model.output === model.nodes.at(-1)?.id;
}
