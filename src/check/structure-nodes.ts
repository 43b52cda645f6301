// Which IR nodes the expansion made for a piece of source: every node of every model, found by
// where the layer that made it is written. The structure's steps name their nodes with it, and
// the structure builder asks it how a chain rule came out.
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrNodeRefs } from '../ir/structure.js';
import type { CompiledModel } from './model.js';
import { nodeId } from './emit.js';

type Use = { model: string; id: string };
const NONE: Use[] = [];

export class NodeIndex {
  /** By file, then by the offset the layer is written at: numbers as keys, no key strings to build. */
  private readonly at = new Map<string, Map<number, Use[]>>();

  constructor(models: CompiledModel[]) {
    for (const m of models) {
      for (const n of m.graph.nodes) {
        let byStart = this.at.get(n.span.file);
        if (!byStart) this.at.set(n.span.file, (byStart = new Map()));
        const use = { model: m.name, id: nodeId(n.id) };
        const list = byStart.get(n.span.start);
        if (list) list.push(use);
        else byStart.set(n.span.start, [use]);
      }
    }
  }

  private uses(span: Span): Use[] {
    return this.at.get(span.file)?.get(span.start) ?? NONE;
  }

  /** How many nodes, over all models, the layer written at `span` made. */
  count(span: Span): number {
    return this.uses(span).length;
  }

  /** `{ nodes: { model: [ids] } }` for the layer written at `span`, or nothing when it made none. */
  refs(span: Span): { nodes?: IrNodeRefs } {
    const uses = this.uses(span);
    if (uses.length === 0) return {};
    const model = uses[0]!.model;
    if (uses.length === 1) return { nodes: Object.fromEntries([[model, [uses[0]!.id]]]) };
    const byModel = new Map<string, string[]>();
    // Pushed, not spread: a layer in repeat(n) makes n nodes, and copying the list each time is n².
    for (const u of uses) {
      const ids = byModel.get(u.model);
      if (ids) ids.push(u.id);
      else byModel.set(u.model, [u.id]);
    }
    // fromEntries makes own keys even of `__proto__`, which an assignment would not.
    const nodes: IrNodeRefs = Object.fromEntries(byModel);
    return { nodes };
  }
}
