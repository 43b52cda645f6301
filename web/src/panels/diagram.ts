// The architecture diagram: one box per node of the IR (kind, Keras class, output shape,
// parameters), coloured by layer family, laid out top to bottom by depth; branches sit side by
// side and skip connections curve around the boxes they pass. `diagramSvg` is IR in, SVG text out.
import { int } from '../../../src/analysis/table.js';
import type { IrModel, IrNode } from '../../../src/ir/types.js';
import { findLayer } from '../../../src/layers/registry.js';
import { formatShape, type LayerFamily } from '../../../src/layers/types.js';

const W = 210;
const H = 42;
const GAP_X = 36;
const GAP_Y = 22;
const PAD = 16;

const COLOURS: Record<LayerFamily, string> = {
  input: '#e5e7eb', conv: '#bfdbfe', dense: '#fde68a', normalization: '#ddd6fe', recurrent: '#fbcfe8', embedding: '#fed7aa',
  pooling: '#bbf7d0', activation: '#f1f5f9', reshape: '#e2e8f0', dropout: '#f5f5f4', merge: '#fecaca',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paramsOf = (n: IrNode) => n.weights.reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);

interface Placed {
  node: IrNode;
  x: number;
  y: number;
}

function place(model: IrModel): Map<string, Placed> {
  const depth = new Map<string, number>();
  for (const n of model.nodes) depth.set(n.id, n.inputs.length ? 1 + Math.max(...n.inputs.map((i) => depth.get(i)!)) : 0);
  const rows: IrNode[][] = [];
  for (const n of model.nodes) (rows[depth.get(n.id)!] ??= []).push(n);
  const widest = Math.max(...rows.map((r) => r.length));
  const placed = new Map<string, Placed>();
  rows.forEach((row, d) => {
    const offset = ((widest - row.length) * (W + GAP_X)) / 2;
    row.forEach((node, i) => placed.set(node.id, { node, x: PAD + offset + i * (W + GAP_X), y: PAD + d * (H + GAP_Y) }));
  });
  return placed;
}

function edge(from: Placed, to: Placed): string {
  const x1 = from.x + W / 2, y1 = from.y + H;
  const x2 = to.x + W / 2, y2 = to.y;
  if (Math.abs(x1 - x2) < 1 && y2 - y1 > GAP_Y + 1) {
    // A skip connection straight down would cross the boxes between: go around their right side.
    const side = from.x + W + GAP_X * 0.6;
    return `<path class="edge skip" d="M${x1},${y1} C${side},${y1 + GAP_Y} ${side},${y2 - GAP_Y} ${x2},${y2}"/>`;
  }
  const mid = (y1 + y2) / 2;
  return `<path class="edge" d="M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}"/>`;
}

function box(p: Placed): string {
  const n = p.node;
  const family = findLayer(n.kind)?.family ?? 'reshape';
  const params = paramsOf(n);
  const detail = `${formatShape(n.outputShape)}${params ? ` · ${int(params)} params` : ''}`;
  const title = `${n.name} (${n.keras})${n.scope.length ? ` in ${n.scope.join(' › ')}` : ''}`;
  return `<g class="node" data-name="${esc(n.name)}" data-kind="${esc(n.kind)}" transform="translate(${p.x},${p.y})">`
    + `<title>${esc(title)}</title>`
    + `<rect width="${W}" height="${H}" rx="6" fill="${COLOURS[family]}"/>`
    + `<text x="10" y="17" class="kind">${esc(n.kind)} <tspan class="keras">${esc(n.keras)}</tspan></text>`
    + `<text x="10" y="33" class="detail">${esc(detail)}</text></g>`;
}

export function diagramSvg(model: IrModel): string {
  const placed = place(model);
  const all = [...placed.values()];
  const width = Math.max(...all.map((p) => p.x + W)) + PAD + GAP_X;
  const height = Math.max(...all.map((p) => p.y + H)) + PAD;
  const edges = model.nodes.flatMap((n) => n.inputs.map((i) => edge(placed.get(i)!, placed.get(n.id)!)));
  return `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(model.name)}">`
    + `<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#64748b"/></marker></defs>`
    + `<g class="edges">${edges.join('')}</g><g class="nodes">${all.map(box).join('')}</g></svg>`;
}
