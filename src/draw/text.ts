// The same graph as Graphviz DOT or a Mermaid flowchart, for tools that lay it out themselves.
import { paramText, shapeText, type Box, type Graph } from './graph.js';
import { COLOURS, EDGE_COLOURS } from './style.js';

function label(box: Box): string[] {
  const params = paramText(box.params);
  return [box.title, ...(box.detail ? [box.detail] : []), shapeText(box.shape) + (params ? ` · ${params}` : '')];
}

export function toDot(graph: Graph): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const out = [`digraph ${q(graph.model)} {`, '  rankdir=TB;', '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];'];
  for (const b of graph.boxes) {
    const c = COLOURS[b.family];
    out.push(`  ${q(b.id)} [label=${q(label(b).join('\n'))}, fillcolor=${q(c.fill)}, color=${q(c.stroke)}${b.block ? ', peripheries=2' : ''}];`);
  }
  for (const e of graph.edges) {
    const style = e.kind === 'skip' ? ', style=dashed' : '';
    out.push(`  ${q(e.from)} -> ${q(e.to)} [color=${q(EDGE_COLOURS[e.kind])}${style}];`);
  }
  out.push('}', '');
  return out.join('\n');
}

export function toMermaid(graph: Graph): string {
  const ids = new Map(graph.boxes.map((b, k) => [b.id, `n${k}`]));
  const text = (s: string) => s.replace(/"/g, '#quot;');
  const out = ['flowchart TD'];
  for (const b of graph.boxes) {
    out.push(`  ${ids.get(b.id)}${b.block ? '[["' : '["'}${label(b).map(text).join('<br/>')}${b.block ? '"]]' : '"]'}`);
  }
  for (const e of graph.edges) out.push(`  ${ids.get(e.from)} ${e.kind === 'skip' ? '-.->' : '-->'} ${ids.get(e.to)}`);
  const families = [...new Set(graph.boxes.map((b) => b.family))];
  for (const f of families) out.push(`  classDef ${f} fill:${COLOURS[f].fill},stroke:${COLOURS[f].stroke}`);
  for (const f of families) out.push(`  class ${graph.boxes.filter((b) => b.family === f).map((b) => ids.get(b.id)).join(',')} ${f}`);
  graph.edges.forEach((e, k) => {
    if (e.kind !== 'flow') out.push(`  linkStyle ${k} stroke:${EDGE_COLOURS[e.kind]}`);
  });
  return out.join('\n') + '\n';
}
