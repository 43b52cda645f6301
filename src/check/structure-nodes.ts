// Which IR nodes the expansion made for a piece of source: every node of every model, found by
// where the layer that made it is written. The structure's steps name their nodes with it, and
// the structure builder asks it how a chain rule came out.
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrNodeRefs } from '../ir/structure.js';
import type { CompiledModel } from './model.js';
import { nodeId } from './emit.js';

/**
 * The nodes written at one place: one node (most layers) as its index into `uses`, several (a
 * layer in a block or a repeat) as a list of indices.
 */
type At = number | number[];

export class NodeIndex {
  /** By file, then by the offset the layer is written at: numbers as keys, no key strings to build. */
  private readonly at = new Map<string, Map<number, At>>();
  /** Each node of each model, in order: its model's index into `models`, and its node number. */
  private readonly useModel: number[] = [];
  private readonly useNode: number[] = [];
  private readonly models: string[];

  constructor(models: CompiledModel[]) {
    this.models = models.map((m) => m.name);
    models.forEach((m, mi) => {
      let file: string | undefined;
      let byStart: Map<number, At> | undefined;
      for (const n of m.graph.nodes) {
        if (n.span.file !== file) {
          file = n.span.file;
          byStart = this.at.get(file);
          if (!byStart) this.at.set(file, (byStart = new Map()));
        }
        const use = this.useModel.length;
        this.useModel.push(mi);
        this.useNode.push(n.id);
        const found = byStart!.get(n.span.start);
        if (found === undefined) byStart!.set(n.span.start, use);
        else if (typeof found === 'number') byStart!.set(n.span.start, [found, use]);
        else found.push(use);
      }
    });
  }

  private uses(span: Span): At | undefined {
    return this.at.get(span.file)?.get(span.start);
  }

  /** How many nodes, over all models, the layer written at `span` made. */
  count(span: Span): number {
    const at = this.uses(span);
    return at === undefined ? 0 : typeof at === 'number' ? 1 : at.length;
  }

  /** `{ model: [ids] }` for the layer written at `span`, or nothing when it made none. */
  refs(span: Span): IrNodeRefs | undefined {
    const at = this.uses(span);
    if (at === undefined) return undefined;
    // A computed key makes an own property even of `__proto__`, which an assignment would not.
    if (typeof at === 'number') return { [this.models[this.useModel[at]!]!]: [nodeId(this.useNode[at]!)] };
    const byModel = new Map<string, string[]>();
    // Pushed, not spread: a layer in repeat(n) makes n nodes, and copying the list each time is n².
    for (const u of at) {
      const model = this.models[this.useModel[u]!]!;
      const id = nodeId(this.useNode[u]!);
      const ids = byModel.get(model);
      if (ids) ids.push(id);
      else byModel.set(model, [id]);
    }
    return Object.fromEntries(byModel);
  }
}
