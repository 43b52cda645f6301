// The plain form of a model: every layer of the IR written out, in order, with its attributes
// as constants. Used when the structured form cannot say something exactly (see structured.ts):
// it is always exact, as it is the IR itself.
import { isChain } from '../ir/chain.js';
import type { IrModel } from '../ir/types.js';
import { findLayer } from '../layers/registry.js';
import type { Attrs, AttrValue, LayerKind } from '../layers/types.js';
import { camel, Namer, stringLiteral } from './names.js';
import { describe, paramCount } from './shapes.js';

const literal = (v: AttrValue): string =>
  Array.isArray(v) ? `[${v.map(literal).join(', ')}]` : typeof v === 'string' ? stringLiteral(v) : String(v);

/** The attributes that differ from their defaults, as TS source, the way the structured form passes them. */
export function tsArgs(kind: LayerKind, attrs: Attrs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of kind.attrs) {
    const v = attrs[spec.name];
    if (v === undefined || JSON.stringify(v) === JSON.stringify(spec.default ?? null)) continue;
    if (spec.name === 'regularizer' && v && typeof v === 'object' && !Array.isArray(v)) {
      const { l1 = 0, l2 = 0 } = v as { l1?: number; l2?: number };
      out[spec.name] = !l2 ? `tf.regularizers.l1({ l1: ${l1} })` : !l1 ? `tf.regularizers.l2({ l2: ${l2} })` : `tf.regularizers.l1l2({ l1: ${l1}, l2: ${l2} })`;
    } else out[spec.name] = literal(v);
  }
  return out;
}


/** The body of `buildX()` for one model: sequential when it is a chain, functional otherwise. */
export function flatModel(m: IrModel, fnName: string): string {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  const seq = isChain(m);
  const type = seq ? 'tf.Sequential' : 'tf.LayersModel';
  const dtype = m.input.dtype === 'int32' ? ', dtype: "int32"' : '';
  const lines = [`export function ${fnName}(): ${type} {`];
  if (seq) lines.push('const model = tf.sequential();', `model.add(tf.layers.inputLayer({ inputShape: ${literal(m.input.shape)}${dtype} }));`);
  else lines.push(`const input = tf.input({ shape: ${literal(m.input.shape)}${dtype} });`);
  const names = new Namer(['model', 'input', 'tf', 'train']);
  const vars = new Map<string, string>([[m.nodes[0]!.id, 'input']]);
  for (const node of m.nodes.slice(1)) {
    const inputs = node.inputs.map((i) => byId.get(i)!);
    const kind = findLayer(node.kind)!;
    const code = kind.ts!({ args: tsArgs(kind, node.attrs), input: inputs[0]!.outputShape });
    const comment = ` // ${describe(node.outputShape, paramCount(node))}`;
    const from = inputs.map((i) => vars.get(i.id)!);
    if (code === null) {
      vars.set(node.id, from[0]!);
      continue;
    }
    if (seq) {
      lines.push(`model.add(${code});${comment}`);
      continue;
    }
    const v = names.claim(camel(node.name));
    vars.set(node.id, v);
    const applied = from.length === 1 ? from[0]! : `[${from.join(', ')}]`;
    lines.push(`const ${v} = ${code}.apply(${applied}) as tf.SymbolicTensor;${comment}`);
  }
  lines.push(seq ? 'return model;' : `return tf.model({ inputs: input, outputs: ${vars.get(m.output)} });`, '}');
  return lines.join('\n');
}
