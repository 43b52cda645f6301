// What the compiler knows about places in a file, for hovers and inlay hints: the IR nodes
// written on each line (from their `loc`), a block call's expansion, and each model's totals.
import { summarize, type LayerRow, type Summary } from '../analysis/summary.js';
import type { CompileResult } from '../check/compile.js';
import type { SourceFile } from '../check/load.js';
import type { IrModel, IrNode } from '../ir/types.js';
import type { Call, Expr, Statement } from '../syntax/ast.js';
import { lookupDecl } from '../check/values.js';

export interface Instance {
  model: string;
  /** The IR nodes, with their source locations. */
  nodes: IrNode[];
  /** The block calls the layers came from (`conv_block_2`), or empty for the model's own layers. */
  scope: string[];
  rows: LayerRow[];
}

export interface BlockCall {
  call: Call;
  model: string;
  /** The expansions of this call (more than one under `repeat`, or when they cannot be told apart). */
  instances: Instance[];
}

export interface Facts {
  summaries: Map<string, Summary>;
  /** Per file, per 1-based line: the layers written there, grouped by model and block call. */
  lines: Map<string, Map<number, Instance[]>>;
  blockCalls: BlockCall[];
}

export function collectFacts(result: CompileResult): Facts | undefined {
  if (!result.ir) return undefined;
  const facts: Facts = { summaries: new Map(), lines: new Map(), blockCalls: [] };
  for (const model of result.ir.models) {
    const summary = summarize(model);
    facts.summaries.set(model.name, summary);
    const rows = new Map(summary.layers.map((r) => [r.id, r]));
    for (const n of model.nodes) {
      const row = rows.get(n.id);
      if (!row) continue;
      const byLine = facts.lines.get(n.loc.file) ?? new Map<number, Instance[]>();
      facts.lines.set(n.loc.file, byLine);
      const list = byLine.get(n.loc.line) ?? [];
      byLine.set(n.loc.line, list);
      let inst = list.find((i) => i.model === model.name && i.scope.join('/') === n.scope.join('/'));
      if (!inst) list.push((inst = { model: model.name, nodes: [], scope: n.scope, rows: [] }));
      inst.rows.push(row);
      inst.nodes.push(n);
    }
    facts.blockCalls.push(...blockCalls(model, rows, result.files));
  }
  return facts;
}

/**
 * A model's top-level block calls, in the order the compiler expands them, matched with the
 * expansions the IR names by `scope[0]` (`stage_1`, `stage_2`, ...). Calls under `repeat` share
 * their expansions.
 */
function blockCalls(model: IrModel, rows: Map<string, LayerRow>, files: Map<string, SourceFile>): BlockCall[] {
  const source = files.get(model.file);
  const decl = source?.scope.own.get(model.variantOf ? baseOf(model, source) : model.name);
  if (!source || !decl || decl.kind !== 'model') return [];
  const sites: { call: Call; repeated: boolean }[] = [];
  const walk = (body: Statement[], repeated: boolean) => {
    for (const s of body) if (s.kind === 'expr') expr(s.expr, repeated);
  };
  const expr = (e: Expr, repeated: boolean): void => {
    if (e.kind === 'call' && lookupDecl(source.scope, e.callee.name)?.decl.kind === 'block') sites.push({ call: e, repeated });
    else if (e.kind === 'binary') {
      expr(e.left, repeated);
      expr(e.right, repeated);
    } else if (e.kind === 'compound') walk(e.body, repeated || e.keyword === 'repeat');
    else if (e.kind === 'group') walk(e.body, repeated);
  };
  walk(decl.body, false);
  const expansions = new Map<string, Instance>();
  for (const n of model.nodes) {
    const top = n.scope[0];
    const row = rows.get(n.id);
    if (!top || !row) continue;
    const inst = expansions.get(top) ?? { model: model.name, nodes: [], scope: [top], rows: [] };
    expansions.set(top, inst);
    inst.rows.push(row);
    inst.nodes.push(n);
  }
  const byName = new Map<string, Instance[]>();
  for (const [name, inst] of expansions) {
    const block = name.replace(/_\d+$/, '');
    byName.set(block, [...(byName.get(block) ?? []), inst]);
  }
  const out: BlockCall[] = [];
  const next = new Map<string, number>();
  for (const site of sites) {
    const all = byName.get(site.call.callee.name) ?? [];
    const plain = sites.filter((s) => s.call.callee.name === site.call.callee.name);
    if (site.repeated || plain.some((s) => s.repeated) || plain.length !== all.length) {
      out.push({ call: site.call, model: model.name, instances: all });
      continue;
    }
    const k = next.get(site.call.callee.name) ?? 0;
    next.set(site.call.callee.name, k + 1);
    out.push({ call: site.call, model: model.name, instances: all[k] ? [all[k]] : [] });
  }
  return out;
}

/** A variant's body is its base model's: follow `model b = a(...)` to the model with a body. */
function baseOf(model: IrModel, source: SourceFile): string {
  let name = model.name;
  for (let k = 0; k < 20; k++) {
    const d = source.scope.own.get(name);
    if (d?.kind !== 'variant') return name;
    name = d.base.name;
  }
  return name;
}

export function sum(rows: LayerRow[], f: (r: LayerRow) => number): number {
  return rows.reduce((a, r) => a + f(r), 0);
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

export function shape(s: number[]): string {
  return s.length ? s.join('×') : 'scalar';
}

export function macs(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} K` : String(n);
}
