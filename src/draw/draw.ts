// `drawModel`: an IR model as an architecture figure in SVG (laid out by ELK), DOT or Mermaid.
import type { IrModel } from '../ir/types.js';
import { modelGraph } from './graph.js';
import { layoutGraph } from './layout.js';
import { toSvg } from './svg.js';
import { toDot, toMermaid } from './text.js';

export const FORMATS = ['svg', 'dot', 'mermaid'] as const;
export type DrawFormat = (typeof FORMATS)[number];

export async function drawModel(model: IrModel, options: { expand?: boolean; format?: DrawFormat } = {}): Promise<string> {
  const graph = modelGraph(model, options);
  if (options.format === 'dot') return toDot(graph);
  if (options.format === 'mermaid') return toMermaid(graph);
  return toSvg(await layoutGraph(graph), model.name);
}
