// What the IR knows about each layer written in the spec: the IR nodes a call in the source
// expanded to (found by source position), their input and output shapes and parameter counts.
// Code generation uses it for the shape comments and for the input rank some TF.js calls need.
import type { SourceFile } from '../check/load.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrFile, IrNode } from '../ir/types.js';
import type { Shape } from '../layers/types.js';
import { thousands } from './names.js';

interface Use {
  node: IrNode;
  input: Shape | undefined;
}

const product = (s: Shape): number => s.reduce((a, b) => a * b, 1);
const same = (a: Shape | undefined, b: Shape | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

export const paramCount = (node: IrNode): number => node.weights.reduce((sum, w) => sum + product(w.shape), 0);

export class ShapeIndex {
  private readonly uses = new Map<string, Use[]>();

  constructor(ir: IrFile, private readonly files: Map<string, SourceFile>) {
    for (const model of ir.models) {
      const byId = new Map(model.nodes.map((n) => [n.id, n]));
      for (const node of model.nodes) {
        const key = `${node.loc.file}:${node.loc.line}:${node.loc.column}`;
        const input = node.inputs[0] === undefined ? undefined : byId.get(node.inputs[0])?.outputShape;
        const list = this.uses.get(key) ?? [];
        list.push({ node, input });
        this.uses.set(key, list);
      }
    }
  }

  private at(span: Span): Use[] {
    const pos = this.files.get(span.file)?.lines.position(span.start);
    return pos ? this.uses.get(`${span.file}:${pos.line}:${pos.column}`) ?? [] : [];
  }

  /** The input shape (when the same at every use) and rank (likewise) of the layer written at `span`. */
  input(span: Span): { input?: Shape; inputRank?: number } {
    const inputs = this.at(span).map((u) => u.input);
    if (inputs.length === 0 || inputs.some((s) => s === undefined)) return {};
    const first = inputs[0]!;
    const rank = inputs.every((s) => s!.length === first.length) ? { inputRank: first.length } : {};
    return inputs.every((s) => same(s, first)) ? { input: first, ...rank } : rank;
  }

  /** `62x62x64, 1,792 params` when every use of the layer at `span` agrees; undefined otherwise. */
  comment(span: Span): string | undefined {
    const uses = this.at(span);
    if (uses.length === 0) return undefined;
    const shape = uses[0]!.node.outputShape;
    const params = paramCount(uses[0]!.node);
    if (!uses.every((u) => same(u.node.outputShape, shape) && paramCount(u.node) === params)) return undefined;
    return describe(shape, params);
  }
}

export const describe = (shape: Shape, params: number): string =>
  `${shape.join('x')}${params > 0 ? `, ${thousands(params)} param${params === 1 ? '' : 's'}` : ''}`;
