// What the schema cannot check in IR from outside: each node's output shape and weights are
// recomputed through the layer registry from its inputs and attributes and must equal what the
// file says; sizes stay in the range backends can build (every dimension and attribute at most
// 2^31 - 1, every tensor at most 2^31 elements, a bounded number of nodes); names are unique;
// every node has the inputs its kind takes. A file that passes is IR the compiler could have made.
import { limits } from '../check/limits.js';
import { findLayer } from '../layers/registry.js';
import { formatShape, sameShape, sameWeights, type AttrValue, type Shape, type WeightSpec } from '../layers/types.js';
import type { IrFile, IrModel } from './types.js';
import type { IrProblem } from './validate.js';

const MAX_ELEMENTS = 2 ** 31;

const elements = (s: Shape): number => s.reduce((n, d) => n * d, 1);

function bigDim(shape: Shape): number | undefined {
  return shape.find((d) => d > limits.maxInt);
}

/** The first number in an attribute value beyond the int32 range, if any. */
function bigNumber(v: AttrValue): number | undefined {
  if (typeof v === 'number') return Math.abs(v) > limits.maxInt ? v : undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const big = bigNumber(x);
      if (big !== undefined) return big;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') return bigNumber(Object.values(v));
  return undefined;
}

const describeWeights = (ws: WeightSpec[]): string => (ws.length ? ws.map((w) => `${w.name} ${formatShape(w.shape)}${w.trainable ? '' : ' (non-trainable)'}`).join(', ') : 'none');

/** Problems of one model, at most `max` of them. */
function recheckModel(m: IrModel, at: string, out: IrProblem[], max: number): void {
  const add = (path: string, message: string): boolean => {
    out.push({ path, message });
    return out.length >= max;
  };
  if (m.nodes.length > limits.maxNodes) {
    add(`${at}/nodes`, `${m.nodes.length.toLocaleString('en-US')} nodes; the limit is ${limits.maxNodes.toLocaleString('en-US')}`);
    return;
  }
  const big = bigDim(m.input.shape);
  if (big !== undefined && add(`${at}/input/shape`, `dimension ${big} is above ${limits.maxInt}`)) return;
  const shapes = new Map<string, Shape>();
  const names = new Set<string>();
  for (const [i, n] of m.nodes.entries()) {
    const path = `${at}/nodes/${i}`;
    const problem = recheckNode(n, i, m, shapes, names);
    if (problem && add(`${path}${problem.path}`, problem.message)) return;
    shapes.set(n.id, n.outputShape);
    names.add(n.name);
  }
}

function recheckNode(n: IrModel['nodes'][number], i: number, m: IrModel, shapes: Map<string, Shape>, names: Set<string>): IrProblem | undefined {
  const kind = findLayer(n.kind)!; // the schema allows only the registry's kinds
  if (names.has(n.name)) return { path: '/name', message: `duplicate node name '${n.name}'` };
  if ((i === 0) !== (n.kind === 'input')) return { path: '/kind', message: i === 0 ? `the first node must be the input, not '${n.kind}'` : 'only the first node may be an input' };
  const arity = n.kind === 'input' ? '0' : kind.multiInput ? '2+' : '1';
  const ok = arity === '0' ? n.inputs.length === 0 : arity === '1' ? n.inputs.length === 1 : n.inputs.length >= 2;
  if (!ok) return { path: '/inputs', message: `${n.kind} takes ${arity === '0' ? 'no inputs' : arity === '1' ? 'one input' : 'two or more inputs'}, not ${n.inputs.length}` };
  for (const [k, v] of Object.entries(n.attrs)) {
    const bigAttr = bigNumber(v);
    if (bigAttr !== undefined) return { path: `/attrs/${k}`, message: `${bigAttr} is above ${limits.maxInt}` };
  }
  const dim = bigDim(n.outputShape);
  if (dim !== undefined) return { path: '/outputShape', message: `dimension ${dim} is above ${limits.maxInt}` };
  const inputs = n.inputs.map((id) => shapes.get(id)!); // validate.ts checked they are earlier nodes
  let result: ReturnType<typeof kind.inferShape>;
  let weights: WeightSpec[];
  let keras: string;
  try {
    result = kind.inferShape(inputs, n.attrs);
    if ('error' in result) return { path: '', message: `${n.kind} cannot take its input ${inputs.map(formatShape).join(', ')}: ${result.error.message}` };
    weights = kind.weights(inputs, n.attrs);
    keras = kind.keras(inputs[0] ?? result.shape, n.attrs);
  } catch (e) {
    return { path: '/attrs', message: `${n.kind} cannot use these attributes: ${(e as Error).message}` };
  }
  if (n.kind === 'input' && !sameShape(result.shape, m.input.shape)) return { path: '/outputShape', message: `the input node's shape ${formatShape(result.shape)} differs from the model's input ${formatShape(m.input.shape)}` };
  if (!sameShape(result.shape, n.outputShape)) return { path: '/outputShape', message: `is ${formatShape(n.outputShape)}, but ${n.kind} on ${inputs.map(formatShape).join(', ') || 'its attributes'} gives ${formatShape(result.shape)}` };
  const huge = weights.find((w) => elements(w.shape) > MAX_ELEMENTS || bigDim(w.shape) !== undefined);
  if (huge) return { path: '/weights', message: `weight ${huge.name} of shape ${formatShape(huge.shape)} has more than 2^31 elements` };
  if (elements(n.outputShape) > MAX_ELEMENTS) return { path: '/outputShape', message: `${formatShape(n.outputShape)} has more than 2^31 elements` };
  if (!sameWeights(weights, n.weights)) return { path: '/weights', message: `are ${describeWeights(n.weights)}, but ${n.kind} with these attributes has ${describeWeights(weights)}` };
  if (keras !== n.keras) return { path: '/keras', message: `is '${n.keras}', but ${n.kind} on this input is '${keras}'` };
  return undefined;
}

/** Every problem of schema-valid IR the registry finds (at most 20), as JSON pointers and messages. */
export function recheckIr(ir: IrFile, max = 20): IrProblem[] {
  const out: IrProblem[] = [];
  const models = new Set<string>();
  for (const [i, m] of ir.models.entries()) {
    if (models.has(m.name)) out.push({ path: `/models/${i}/name`, message: `duplicate model name '${m.name}'` });
    models.add(m.name);
    recheckModel(m, `/models/${i}`, out, max);
    if (out.length >= max) break;
  }
  for (const [xi, x] of (ir.experiments ?? []).entries()) {
    for (const [vi, v] of x.variants.entries()) {
      if (out.length >= max) break;
      recheckModel(v.ir, `/experiments/${xi}/variants/${vi}/ir`, out, max);
    }
  }
  return out.slice(0, max);
}
