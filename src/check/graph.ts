// The layer graph of one model while it is being expanded: nodes in topological order, each
// with its inferred output shape (null once an earlier error made it unknowable).
import type { Diagnostics, Span } from '../diagnostics/diagnostic.js';
import { formatShape, sameShape, type Attrs, type LayerKind, type Shape } from '../layers/types.js';
import { limits } from './limits.js';
import { LimitReached } from './evaluate.js';
import type { AttrSpans } from './args.js';

export interface GraphNode {
  id: number;
  kind: LayerKind;
  attrs: Attrs;
  inputs: number[];
  shape: Shape | null;
  span: Span;
  scope: string[];
}

export class Graph {
  readonly nodes: GraphNode[] = [];

  constructor(private readonly diags: Diagnostics) {}

  /**
   * Adds a node and infers its shape; `valid: false` marks a node whose attributes already failed.
   * `attrSpans` (where each attribute was written) lets a shape error point at the attribute at fault.
   */
  add(kind: LayerKind, attrs: Attrs, inputs: number[], span: Span, scope: string[], attrSpans: AttrSpans, valid = true): number {
    if (this.nodes.length >= limits.maxNodes) {
      this.diags.error('NN0903', span, `the model has more than ${limits.maxNodes.toLocaleString('en-US')} layers`, 'check repeat counts');
      throw new LimitReached();
    }
    const id = this.nodes.length;
    const inputShapes = inputs.map((i) => this.nodes[i]!.shape);
    let shape: Shape | null = null;
    if (valid && inputShapes.every((s): s is Shape => s !== null)) {
      const r = kind.inferShape(inputShapes, attrs);
      // A shape equal to the input's (bn, dropout, activations, ...) is the input's: the nodes share it.
      if ('shape' in r) shape = this.checkSize(inputShapes.length === 1 && sameShape(r.shape, inputShapes[0]!) ? inputShapes[0]! : r.shape, span);
      else {
        const at = (r.error.attr && attrSpans.get(r.error.attr)) || span;
        this.diags.error(r.error.code, at, r.error.message, r.error.hint);
      }
    }
    this.nodes.push({ id, kind, attrs, inputs, shape, span, scope });
    return id;
  }

  /** A dimension past the int32 range cannot be built by any backend; report it as a limit. */
  private checkSize(shape: Shape, span: Span): Shape | null {
    if (shape.every((d) => d <= limits.maxInt)) return shape;
    this.diags.error('NN0904', span, `output shape ${formatShape(shape)} has a dimension above ${limits.maxInt}`);
    return null;
  }

  shapeOf(id: number): Shape | null {
    return this.nodes[id]!.shape;
  }
}
