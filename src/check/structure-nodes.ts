// Which IR nodes the expansion made for a piece of source: every node of every model, found by
// where the layer that made it is written. The structure's steps name their nodes with it, and
// the structure builder asks it how a chain rule came out.
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrNodeRefs } from '../ir/structure.js';
import type { CompiledModel } from './model.js';

export class NodeIndex {
  private readonly at = new Map<string, { model: string; id: string }[]>();

  constructor(models: CompiledModel[]) {
    for (const m of models) {
      for (const n of m.graph.nodes) {
        const key = `${n.span.file}\0${n.span.start}`;
        const list = this.at.get(key) ?? [];
        list.push({ model: m.name, id: `n${n.id}` });
        this.at.set(key, list);
      }
    }
  }

  private uses(span: Span): { model: string; id: string }[] {
    return this.at.get(`${span.file}\0${span.start}`) ?? [];
  }

  /** How many nodes, over all models, the layer written at `span` made. */
  count(span: Span): number {
    return this.uses(span).length;
  }

  /** `{ nodes: { model: [ids] } }` for the layer written at `span`, or nothing when it made none. */
  refs(span: Span): { nodes?: IrNodeRefs } {
    const uses = this.uses(span);
    if (uses.length === 0) return {};
    const byModel = new Map<string, string[]>();
    for (const u of uses) byModel.set(u.model, [...(byModel.get(u.model) ?? []), u.id]);
    // fromEntries makes own keys even of `__proto__`, which an assignment would not.
    const nodes: IrNodeRefs = Object.fromEntries(byModel);
    return { nodes };
  }
}
