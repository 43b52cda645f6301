// An IR model as the graph a figure shows: one box per layer, or per top-level block call when
// collapsed (the nodes sharing `scope[0]`), and one edge per connection between two boxes.
// `identity` nodes are no layer: edges pass through them. An edge into an `add` from anything but
// the node just before it is a skip (residual) connection; edges into a `concat` are its branches.
import type { IrModel, IrNode } from '../ir/types.js';
import { findLayer } from '../layers/registry.js';
import type { AttrValue, LayerFamily } from '../layers/types.js';

export interface Box {
  id: string;
  /** `conv 64, 3x3, same` for a layer; the block call's name for a block. */
  title: string;
  /** For a block: the kinds inside it, in order (`conv · bn · relu`). */
  detail?: string;
  shape: number[];
  params: number;
  family: LayerFamily;
  block: boolean;
  /** The IR nodes drawn as this box. */
  nodes: string[];
  /** Expanded: the frame of the block call it belongs to (its scope path). */
  frame?: string;
}

/** Expanded: a block call drawn as a frame around its layers. */
export interface Frame {
  /** The scope path, `stage_1/bottleneck_2`. */
  id: string;
  title: string;
  parent?: string;
}

export type EdgeKind = 'flow' | 'skip' | 'branch';

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface Graph {
  model: string;
  boxes: Box[];
  edges: Edge[];
  frames: Frame[];
}

export function modelGraph(model: IrModel, options: { expand?: boolean } = {}): Graph {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const position = new Map(model.nodes.map((n, k) => [n.id, k]));
  const boxOf = (n: IrNode) => (options.expand || n.scope.length === 0 ? n.id : `block:${n.scope[0]}`);
  /** The node an input really comes from, looking through identity nodes. */
  const source = (id: string): IrNode => {
    let n = byId.get(id)!;
    while (n.kind === 'identity' && n.inputs.length === 1) n = byId.get(n.inputs[0]!)!;
    return n;
  };
  const boxes = new Map<string, Box>();
  const edges = new Map<string, Edge>();
  for (const n of model.nodes) {
    if (n.kind === 'identity') continue;
    const id = boxOf(n);
    const box = boxes.get(id) ?? newBox(id, n, id !== n.id);
    if (options.expand && n.scope.length) box.frame = n.scope.join('/');
    boxes.set(id, box);
    box.nodes.push(n.id);
    box.params += params(n);
    box.shape = n.outputShape;
    n.inputs.forEach((input) => {
      const from = source(input);
      const fromBox = boxOf(from);
      if (fromBox === id) return;
      const kind: EdgeKind = n.kind === 'concat' ? 'branch' : n.kind === 'add' && position.get(from.id) !== position.get(n.id)! - 1 ? 'skip' : 'flow';
      const key = `${fromBox}\0${id}`;
      const prev = edges.get(key);
      if (!prev) edges.set(key, { from: fromBox, to: id, kind });
      else if (prev.kind === 'flow') prev.kind = kind;
    });
  }
  for (const box of boxes.values()) if (box.block) describeBlock(box, byId);
  const frames = new Map<string, Frame>();
  for (const box of boxes.values()) {
    const path = box.frame?.split('/') ?? [];
    path.forEach((title, k) => {
      const id = path.slice(0, k + 1).join('/');
      if (!frames.has(id)) frames.set(id, { id, title, ...(k > 0 ? { parent: path.slice(0, k).join('/') } : {}) });
    });
  }
  return { model: model.name, boxes: [...boxes.values()], edges: [...edges.values()], frames: [...frames.values()] };
}

function newBox(id: string, n: IrNode, block: boolean): Box {
  const family = findLayer(n.kind)?.family ?? 'reshape';
  return { id, title: block ? n.scope[0]! : layerTitle(n), shape: [], params: 0, family, block, nodes: [] };
}

/** A block's colour is that of the family holding most of its parameters (or of its first layer). */
function describeBlock(box: Box, byId: Map<string, IrNode>): void {
  const nodes = box.nodes.map((id) => byId.get(id)!);
  const weight = new Map<LayerFamily, number>();
  for (const n of nodes) {
    const f = findLayer(n.kind)?.family ?? 'reshape';
    weight.set(f, (weight.get(f) ?? 0) + params(n));
  }
  const heaviest = [...weight].sort((a, b) => b[1] - a[1])[0];
  if (heaviest && heaviest[1] > 0) box.family = heaviest[0];
  const calls = new Map<string, number>();
  for (const n of nodes) if (n.scope[1]) calls.set(n.scope[1], 0);
  const byBase = new Map<string, number>();
  for (const c of calls.keys()) byBase.set(c.replace(/_\d+$/, ''), (byBase.get(c.replace(/_\d+$/, '')) ?? 0) + 1);
  if (byBase.size > 0) {
    box.detail = `${nodes.length} layers: ${[...byBase].map(([name, k]) => (k > 1 ? `${name} ×${k}` : name)).join(', ')}`;
    return;
  }
  const kinds = nodes.map((n) => (n.attrs['activation'] && n.attrs['activation'] !== 'linear' ? `${n.kind}+${String(n.attrs['activation'])}` : n.kind));
  const runs = kinds.filter((k, i) => k !== kinds[i - 1]);
  box.detail = runs.length > 6 ? `${nodes.length} layers: ${runs.slice(0, 5).join(' · ')} …` : runs.join(' · ');
}

function params(n: IrNode): number {
  return n.weights.reduce((s, w) => s + w.shape.reduce((a, d) => a * d, 1), 0);
}

/** `conv 64, 3x3, stride 2, same + relu`: the kind, its positional arguments, the others that differ from their defaults. */
export function layerTitle(n: IrNode): string {
  const kind = findLayer(n.kind);
  if (n.kind === 'input') return n.attrs['dtype'] === 'int32' ? 'input int32' : 'input';
  if (!kind) return n.kind;
  const parts: string[] = [];
  for (const a of kind.attrs) {
    const v = n.attrs[a.name];
    if (v === undefined || v === null || a.name === 'activation' || a.name === 'regularizer') continue;
    const spatial = n.outputShape.length - 1;
    if (a.positional) parts.push(show(a.name, v, spatial));
    else if (JSON.stringify(v) !== JSON.stringify(a.default)) parts.push(typeof v === 'boolean' ? (v ? a.name : `no ${a.name}`) : `${a.name} ${show(a.name, v, spatial)}`);
  }
  const act = n.attrs['activation'];
  const suffix = typeof act === 'string' && act !== 'linear' ? ` + ${act}` : '';
  return `${n.kind}${parts.length ? ' ' + parts.join(', ') : ''}${suffix}`;
}

/** A window size `3` on a 2-D input reads `3×3`. */
function show(name: string, v: AttrValue, spatial: number): string {
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? `(${x.join(',')})` : String(x))).join('×');
  if ((name === 'kernel' || name === 'size') && typeof v === 'number' && spatial === 2) return `${v}×${v}`;
  if (typeof v === 'number' && v !== 0 && Math.abs(v) < 1e-3) return v.toExponential();
  return String(v);
}

/** `64×64×3`. */
export function shapeText(shape: number[]): string {
  return shape.length ? shape.join('×') : 'scalar';
}

export function paramText(n: number): string {
  return n === 0 ? '' : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M params` : `${n.toLocaleString('en-US')} params`;
}
