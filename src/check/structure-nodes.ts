// Which IR nodes the expansion made for a piece of source: every node of every model, found by
// where the layer that made it is written. The structure's steps name their nodes with it, and
// the structure builder asks it how a chain rule came out.
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrNodeRefs } from '../ir/structure.js';
import type { CompiledModel } from './model.js';
import { nodeId } from './emit.js';

/**
 * The nodes written in one file, sorted by the offset they are written at (then in the order the
 * models made them): two numbers a node, found by binary search, rather than a map entry each.
 */
interface FileNodes {
  starts: Int32Array;
  /** Index into NodeIndex's `useModel` and `useNode`. */
  uses: Int32Array;
}

export class NodeIndex {
  private readonly files = new Map<string, FileNodes>();
  /** Each node of each model, in order: its model's index into `models`, and its node number. */
  private readonly useModel: Int32Array;
  private readonly useNode: Int32Array;
  private readonly models: string[];

  constructor(models: CompiledModel[]) {
    this.models = models.map((m) => m.name);
    const total = models.reduce((n, m) => n + m.graph.nodes.length, 0);
    this.useModel = new Int32Array(total);
    this.useNode = new Int32Array(total);
    // A node's key: its offset, then its place in the order (exact in a double: offsets are below 2^23).
    const keys = new Map<string, { keys: number[]; sorted: boolean }>();
    let use = 0;
    let file: string | undefined;
    let list: { keys: number[]; sorted: boolean } | undefined;
    models.forEach((m, mi) => {
      for (const n of m.graph.nodes) {
        if (n.span.file !== file) {
          file = n.span.file;
          list = keys.get(file);
          if (!list) keys.set(file, (list = { keys: [], sorted: true }));
        }
        const key = n.span.start * total + use;
        if (list!.sorted && list!.keys.length && list!.keys[list!.keys.length - 1]! > key) list!.sorted = false;
        list!.keys.push(key);
        this.useModel[use] = mi;
        this.useNode[use] = n.id;
        use++;
      }
    });
    for (const [f, l] of keys) {
      const sorted = Float64Array.from(l.keys);
      if (!l.sorted) sorted.sort();
      const starts = new Int32Array(sorted.length);
      const uses = new Int32Array(sorted.length);
      for (let i = 0; i < sorted.length; i++) {
        const start = Math.floor(sorted[i]! / total);
        starts[i] = start;
        uses[i] = sorted[i]! - start * total;
      }
      this.files.set(f, { starts, uses });
    }
  }

  /** The range of `uses` of the nodes written at `span`'s start (empty when none). */
  private range(span: Span): { nodes: FileNodes; from: number; to: number } | undefined {
    const nodes = this.files.get(span.file);
    if (!nodes) return undefined;
    const { starts } = nodes;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < span.start) lo = mid + 1;
      else hi = mid;
    }
    let to = lo;
    while (to < starts.length && starts[to] === span.start) to++;
    return to === lo ? undefined : { nodes, from: lo, to };
  }

  /** How many nodes, over all models, the layer written at `span` made. */
  count(span: Span): number {
    const r = this.range(span);
    return r ? r.to - r.from : 0;
  }

  /** `{ model: [ids] }` for the layer written at `span`, or nothing when it made none. */
  refs(span: Span): IrNodeRefs | undefined {
    const r = this.range(span);
    if (!r) return undefined;
    const { uses } = r.nodes;
    if (r.to - r.from === 1) {
      const u = uses[r.from]!;
      const model = this.models[this.useModel[u]!]!;
      const ids = [nodeId(this.useNode[u]!)];
      // fromEntries makes an own key even of `__proto__`, which an assignment would not.
      if (model === '__proto__') return Object.fromEntries([[model, ids]]);
      const refs: IrNodeRefs = {};
      refs[model] = ids;
      return refs;
    }
    const byModel = new Map<string, string[]>();
    for (let i = r.from; i < r.to; i++) {
      const u = uses[i]!;
      const model = this.models[this.useModel[u]!]!;
      const id = nodeId(this.useNode[u]!);
      const ids = byModel.get(model);
      if (ids) ids.push(id);
      else byModel.set(model, [id]);
    }
    return Object.fromEntries(byModel);
  }
}
