// Places the boxes and routes the edges of a graph with ELK's layered algorithm (elkjs): the
// network flows top to bottom, branches side by side, edges drawn orthogonally between layers.
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Box, Graph } from './graph.js';
import { boxLines, FONT_SIZE, LINE_HEIGHT, PAD_X, PAD_Y, textWidth } from './style.js';

export interface Placed {
  box: Box;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Route {
  from: string;
  to: string;
  kind: Graph['edges'][number]['kind'];
  points: { x: number; y: number }[];
}

export interface PlacedFrame {
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  graph: Graph;
  boxes: Placed[];
  frames: PlacedFrame[];
  routes: Route[];
  width: number;
  height: number;
}

/** The package is CommonJS: imported from an ES module, its default export is the constructor itself. */
const ELK = ElkBundled as unknown as new () => ElkApi;

export async function layoutGraph(graph: Graph): Promise<Layout> {
  const elk = new ELK();
  const children = graph.boxes.map((box) => {
    const lines = boxLines(box);
    const width = Math.ceil(Math.max(...lines.map((l) => textWidth(l.text, l.bold))) + 2 * PAD_X);
    return { id: box.id, width: Math.max(width, 120), height: lines.length * LINE_HEIGHT + 2 * PAD_Y - (LINE_HEIGHT - FONT_SIZE) };
  });
  // Expanded block calls are nodes holding their layers; edges cross them (INCLUDE_CHILDREN) and
  // every coordinate comes back relative to the root.
  const frameNodes = new Map<string, ElkNode>(graph.frames.map((f) => [f.id, { id: `frame:${f.id}`, children: [], layoutOptions: { 'elk.padding': '[top=30,left=14,bottom=14,right=14]' } }]));
  const top: ElkNode[] = [];
  for (const f of graph.frames) (f.parent ? frameNodes.get(f.parent)!.children! : top).push(frameNodes.get(f.id)!);
  children.forEach((c, k) => {
    const frame = graph.boxes[k]!.frame;
    (frame ? frameNodes.get(frame)!.children! : top).push(c);
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeNode': '18',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=24,left=24,bottom=24,right=24]',
    },
    children: top,
    edges: graph.edges.map((e, k) => ({ id: `e${k}`, sources: [e.from], targets: [e.to] })),
  };
  const result: ElkNode = await elk.layout(root);
  const byId = new Map(graph.boxes.map((b) => [b.id, b]));
  const titles = new Map(graph.frames.map((f) => [`frame:${f.id}`, f.title]));
  const boxes: Placed[] = [];
  const frames: PlacedFrame[] = [];
  const visit = (nodes: ElkNode[]) => {
    for (const c of nodes) {
      const place = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
      if (titles.has(c.id)) frames.push({ title: titles.get(c.id)!, ...place });
      else boxes.push({ box: byId.get(c.id)!, ...place });
      visit(c.children ?? []);
    }
  };
  visit(result.children ?? []);
  const routes = ((result.edges ?? []) as ElkExtendedEdge[]).map((e, k) => {
    const section = e.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { ...graph.edges[k]!, points };
  });
  return { graph, boxes, frames, routes, width: result.width ?? 0, height: result.height ?? 0 };
}
