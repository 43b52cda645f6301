// Turns a compiled model's graph into IR: Keras-style names, weight shapes, source locations.
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrExperiment, IrLocation, IrModel, IrNode } from '../ir/types.js';
import type { CheckedExperiment } from './experiment.js';
import { sameWeights, type Attrs, type AttrValue, type LayerKind, type WeightSpec } from '../layers/types.js';
import type { SourceFile } from './load.js';
import type { CompiledModel } from './model.js';
import * as N from './num.js';
import type { Value } from './values.js';

const snakeNames = new Map<string, string>();

/** Keras's own rule for a layer's default name: `BatchNormalization` → `batch_normalization`. */
export function snakeCase(className: string): string {
  let name = snakeNames.get(className);
  if (name === undefined) {
    const s = className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
    name = s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    snakeNames.set(className, name);
  }
  return name;
}

const nodeIds: string[] = [];

/** A node's id in the IR, `n12`: the strings of the first 100,000 are made once and shared. */
export function nodeId(i: number): string {
  if (i >= 100_000) return `n${i}`;
  return (nodeIds[i] ??= `n${i}`);
}

export function location(span: Span, files: Map<string, SourceFile>): IrLocation {
  const lines = files.get(span.file)?.lines;
  if (!lines) return { file: span.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const line = lines.line(span.start);
  // The end is on the start's line or after it (a span ends where it starts or later).
  const endLine = span.end >= span.start ? lines.line(span.end, line) : lines.line(span.end);
  return { file: span.file, line, column: lines.column(span.start, line), endLine, endColumn: lines.column(span.end, endLine) };
}

/** A parameter's value as JSON: numbers, booleans, strings, symbols; layers are shown as `<layer>`. */
function paramJson(v: Value): AttrValue {
  switch (v.k) {
    case 'num':
      return N.toNumber(v.v);
    case 'bool':
    case 'str':
      return v.v;
    case 'sym':
      return v.name;
    case 'tuple':
      return v.items.map(paramJson);
    case 'chain':
      return '<layer>';
    case 'error':
      return null;
  }
}

export function emitModel(m: CompiledModel, files: Map<string, SourceFile>): IrModel {
  const counts = new Map<string, number>();
  // A layer's weights are often those of the last layer of its kind (a stack of equal convolutions):
  // the nodes then share one list, equal as JSON, and the IR of a deep model holds far fewer objects.
  const lastWeights = new Map<LayerKind, WeightSpec[]>();
  const nodes: IrNode[] = m.graph.nodes.map((n) => {
    const inputs = n.inputs.map((i) => m.graph.nodes[i]!.shape!);
    const keras = n.kind.keras(inputs[0] ?? n.shape!, n.attrs);
    const base = n.kind.name === 'input' ? 'input' : snakeCase(keras);
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    let weights = n.kind.weights(inputs, n.attrs);
    const last = lastWeights.get(n.kind);
    if (last && sameWeights(last, weights)) weights = last;
    else lastWeights.set(n.kind, weights);
    return {
      id: nodeId(n.id),
      name: seen === 0 ? base : `${base}_${seen}`,
      kind: n.kind.name,
      keras,
      attrs: n.attrs,
      inputs: n.inputs.map(nodeId),
      outputShape: n.shape!,
      weights,
      loc: location(n.span, files),
      scope: n.scope,
    };
  });
  const input = m.graph.nodes[0]!;
  const params: Attrs = {};
  for (const [k, v] of m.params) params[k] = paramJson(v);
  return {
    name: m.name,
    file: m.decl.span.file,
    params,
    ...(m.decl.kind === 'variant' ? { variantOf: m.decl.base.name } : {}),
    input: { shape: input.shape!, dtype: input.attrs.dtype === 'int32' ? 'int32' : 'float32' },
    nodes,
    output: `n${m.output}`,
    train: m.train,
    trainGiven: m.root.body.some((s) => s.kind === 'train'),
    loc: location(m.decl.name.span, files),
  };
}

/** An experiment with each variant's model in full: backends need nothing but the IR to run it. */
export function emitExperiment(x: CheckedExperiment, files: Map<string, SourceFile>): IrExperiment {
  const variants = x.variants.map((v) => {
    const { variantOf: _, ...ir } = emitModel(v.compiled, files);
    return { label: v.label, folder: v.folder, model: v.model, args: v.args, ir };
  });
  return {
    name: x.decl.name.name,
    file: x.decl.span.file,
    data: x.data,
    runs: x.runs,
    seed: x.seed,
    axes: x.axes.map((a) => ({ name: a.name, kind: a.kind, values: a.values.map((v) => v.value) })),
    variants,
    loc: location(x.decl.name.span, files),
  };
}
