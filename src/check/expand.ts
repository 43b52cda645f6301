// Expands a model's statements into a layer graph: chains run left to right, blocks expand in
// place, repeat/residual/concat/add build their structure, modifiers change the nearest weighted
// layer to their left, and an activation right after a weighted layer becomes its `activation`.
import type { Diagnostics, Span } from '../diagnostics/diagnostic.js';
import { findLayer } from '../layers/registry.js';
import { formatShape, sameShape, type Attrs, type LayerKind, type Shape } from '../layers/types.js';
import type { Arg, BlockDecl, Compound, Statement, TrainSection } from '../syntax/ast.js';
import { bindAttrs, matchArgs } from './args.js';
import { convert } from './convert.js';
import { LimitReached, type Evaluator } from './evaluate.js';
import { limits } from './limits.js';
import { Graph } from './graph.js';
import { findModifier } from './modifiers.js';
import { lookupDecl, type ChainItem, type Env, type FileScope, type Value } from './values.js';

/** What a chain has produced so far: where modifiers attach and what an activation may fuse into. */
interface ChainState {
  lastKernel: number | null;
  lastCreated: number | null;
}

export interface Expansion {
  cur: number | null;
  lastKernel: number | null;
  lastCreated: number | null;
}

const kind = (name: string): LayerKind => {
  const k = findLayer(name);
  if (!k) throw new Error(`layer registry has no '${name}'`);
  return k;
};

export class Expander {
  readonly graph: Graph;
  readonly trains: { section: TrainSection; env: Env }[] = [];
  private readonly blockStack: string[] = [];
  private readonly blockCalls = new Map<string, number>();
  /** Blocks expanded so far, as `file\0name`. */
  readonly usedBlocks = new Set<string>();

  constructor(
    private readonly ev: Evaluator,
    private readonly diags: Diagnostics,
    /** Report running out of work at each top-level statement (not when compiling a variant). */
    private readonly statementSites = true,
  ) {
    this.graph = new Graph(diags);
  }

  /** Expands a list of statements, each a chain fed by the previous one's output. */
  statements(stmts: Statement[], env: Env, cur: number | null, scope: string[], top = false): Expansion {
    let out: Expansion = { cur, lastKernel: null, lastCreated: null };
    for (const stmt of stmts) {
      if (stmt.kind === 'train') {
        if (top) this.trains.push({ section: stmt, env });
        else this.diags.error('NN0304', stmt.span, 'a train section belongs at the top level of a model, not inside a block or branch');
        continue;
      }
      if (top && this.statementSites) this.ev.site = stmt.span;
      const v = this.ev.eval(stmt.expr, env);
      if (!this.isChain(v, stmt.expr.span, env)) continue;
      out = this.chain(v.items, out.cur, scope);
    }
    return out;
  }

  /** Checks that a statement's value is a layer, reporting what it is otherwise. */
  private isChain(v: Value, span: Span, env: Env): v is Extract<Value, { k: 'chain' }> {
    if (v.k === 'chain' || v.k === 'error') return v.k === 'chain';
    if (v.k === 'sym') {
      this.ev.unknownLayer(v.name, v.span, env);
      return false;
    }
    this.diags.error('NN0307', span, `a statement must be a layer; this is ${describeValue(v)}`);
    return false;
  }

  chain(items: ChainItem[], cur: number | null, scope: string[]): Expansion {
    const state: ChainState = { lastKernel: null, lastCreated: null };
    for (const item of items) cur = this.item(item, cur, scope, state);
    return { cur, ...state };
  }

  private item(item: ChainItem, cur: number | null, scope: string[], state: ChainState): number | null {
    const { expr, env } = item;
    this.ev.spend(1, expr.span);
    if (expr.kind === 'compound') return this.compound(expr, env, cur, scope, state);
    if (expr.kind === 'group') return this.absorb(this.statements(expr.body, env, cur, scope), state);
    const name = expr.kind === 'name' ? expr.name : expr.callee.name;
    const args = expr.kind === 'call' ? expr.args : [];
    if (name === 'input' && expr.kind === 'call') return this.input(args, env, cur, expr.span);
    const found = lookupDecl(env.scope, name);
    if (found?.decl.kind === 'block') return this.block(found.decl, found.scope, args, env, cur, scope, state, expr.span);
    const modifier = findModifier(name);
    if (modifier) {
      this.modify(modifier, args, env, expr.span, state);
      return cur;
    }
    const layer = findLayer(name);
    if (!layer || cur === null) return cur;
    return this.layer(layer, args, env, cur, scope, state, expr.span);
  }

  private absorb(e: Expansion, state: ChainState): number | null {
    if (e.lastKernel !== null) state.lastKernel = e.lastKernel;
    state.lastCreated = e.lastCreated;
    return e.cur;
  }

  private input(args: Arg[], env: Env, cur: number | null, span: Span): number | null {
    if (cur !== null) {
      this.diags.error('NN0303', span, 'input(...) can only be the first statement of a model');
      return cur;
    }
    const k = kind('input');
    const bound = bindAttrs(k.attrs, args, this.ev, env, 'input', span);
    const shape = bound.attrs.shape as number[] | null;
    if (bound.ok && shape && (shape.length === 0 || shape.includes(-1))) {
      this.diags.error('NN0207', bound.spans.get('shape') ?? span, 'input sizes must be positive integers, one per dimension of a sample');
      bound.ok = false;
    }
    return this.graph.add(k, bound.attrs, [], span, [], bound.spans, bound.ok);
  }

  private layer(layer: LayerKind, args: Arg[], env: Env, cur: number, scope: string[], state: ChainState, span: Span): number {
    this.ev.spend(3, span);
    const bound = bindAttrs(layer.attrs, args, this.ev, env, layer.name, span);
    if (layer.name === 'identity') return cur;
    if (layer.family === 'activation' && bound.ok && state.lastCreated === cur && this.fuse(cur, layer.name)) return cur;
    const id = this.graph.add(layer, bound.attrs, [cur], span, scope, bound.spans, bound.ok);
    state.lastCreated = id;
    if (layer.hasKernel) state.lastKernel = id;
    return id;
  }

  /** Makes an activation the `activation` of the weighted layer just before it, as Keras writes it. */
  private fuse(id: number, activation: string): boolean {
    const node = this.graph.nodes[id]!;
    const spec = node.kind.attrs.find((a) => a.name === 'activation');
    if (!spec || spec.type.t !== 'symbol' || !spec.type.values.includes(activation)) return false;
    if (node.attrs.activation !== 'linear') return false;
    node.attrs.activation = activation;
    return true;
  }

  private modify(modifier: NonNullable<ReturnType<typeof findModifier>>, args: Arg[], env: Env, span: Span, state: ChainState): void {
    const bound = bindAttrs(modifier.attrs, args, this.ev, env, modifier.name, span);
    if (state.lastKernel === null) {
      const hint = `put it after the layer it changes, in the same chain: conv(64) + ${modifier.name}`;
      this.diags.error('NN0301', span, `'${modifier.name}' has no weighted layer to its left in this chain to attach to`, hint);
      return;
    }
    if (!bound.ok) return;
    const node = this.graph.nodes[state.lastKernel]!;
    // In place: the node's attributes are its own (bound for it), and each key is there already, so the order holds.
    Object.assign(node.attrs, modifier.apply(node.attrs, bound.attrs));
  }

  private block(decl: BlockDecl, defScope: FileScope, args: Arg[], callerEnv: Env, cur: number | null, scope: string[], state: ChainState, span: Span): number | null {
    const name = decl.name.name;
    const key = `${defScope.file}\0${name}`;
    this.usedBlocks.add(key);
    if (this.blockStack.includes(key)) {
      const path = [...this.blockStack.slice(this.blockStack.indexOf(key)), key].map((k) => k.split('\0')[1]).join(' → ');
      this.diags.error('NN0106', span, `block '${name}' uses itself (${path}); blocks cannot be recursive`, 'use repeat(n) { ... } to stack layers');
      return cur;
    }
    const locals = this.bindParams(decl, defScope, args, callerEnv, span);
    if (!locals) return cur;
    const n = (this.blockCalls.get(name) ?? 0) + 1;
    this.blockCalls.set(name, n);
    this.blockStack.push(key);
    try {
      const body = () => this.statements(decl.body, { scope: defScope, locals }, cur, [...scope, `${name}_${n}`]);
      return this.absorb(this.ev.nested(span, body), state);
    } finally {
      this.blockStack.pop();
    }
  }

  /** Binds a block's (or model's) parameters: arguments in the caller's environment, defaults in the definer's. */
  bindParams(decl: { name: { name: string }; params: BlockDecl['params'] }, defScope: FileScope, args: Arg[], callerEnv: Env, span: Span): Map<string, Value> | undefined {
    const params = decl.params.map((p) => ({ name: p.name.name, positional: true }));
    const { matched, ok } = matchArgs(params, args, this.ev, decl.name.name);
    if (!ok) return undefined;
    const locals = new Map<string, Value>();
    for (const p of decl.params) {
      this.ev.spend(locals.size, span); // each default sees a copy of the parameters before it
      const given = matched.get(p.name.name)?.[0];
      if (given) locals.set(p.name.name, this.ev.eval(given.value, callerEnv));
      else if (p.default) locals.set(p.name.name, this.ev.eval(p.default, { scope: defScope, locals: new Map(locals) }));
      else {
        this.diags.error('NN0202', span, `${decl.name.name} needs a value for '${p.name.name}'`, `write ${decl.name.name}(${p.name.name} = ...)`);
        return undefined;
      }
    }
    return locals;
  }

  private compound(expr: Compound, env: Env, cur: number | null, scope: string[], state: ChainState): number | null {
    if (cur === null) return null;
    switch (expr.keyword) {
      case 'repeat':
        return this.repeat(expr, env, cur, scope, state);
      case 'residual':
        return this.residual(expr, env, cur, scope, state);
      case 'concat':
      case 'add':
        return this.merge(expr, env, cur, scope, state);
    }
  }

  private compoundArg(expr: Compound, env: Env, name: string): { value: Value; span: Span } | undefined | null {
    const params = expr.keyword === 'repeat' ? ['n'] : expr.keyword === 'residual' ? ['shortcut'] : expr.keyword === 'concat' ? ['axis'] : [];
    const { matched, ok } = matchArgs(params.map((p) => ({ name: p, positional: true })), expr.args, this.ev, expr.keyword);
    if (!ok) return null;
    const arg = matched.get(name)?.[0];
    return arg ? { value: this.ev.eval(arg.value, env), span: arg.value.span } : undefined;
  }

  private repeat(expr: Compound, env: Env, cur: number, scope: string[], state: ChainState): number | null {
    const arg = this.compoundArg(expr, env, 'n');
    if (arg === undefined) this.diags.error('NN0202', expr.span, 'repeat needs a count: repeat(n) { ... }');
    if (!arg) return cur;
    const n = convert(arg.value, { t: 'int', min: 0 }, { ev: this.ev, env, what: 'repeat count', span: arg.span });
    if (typeof n !== 'number') return cur;
    const errorsBefore = this.diags.items.length;
    let out: number | null = cur;
    for (let i = 0; i < n; i++) {
      const before = this.graph.nodes.length;
      const workLeft = this.ev.workLeft;
      this.ev.spend(1, arg.span);
      out = this.absorb(this.statements(expr.body, env, out, scope), state);
      if (i > 0) continue;
      // The first pass tells what every pass costs: refuse at the count rather than after the work.
      if (before + (this.graph.nodes.length - before) * n > limits.maxNodes) {
        this.diags.error('NN0903', arg.span, `repeat(${n}) makes the model more than ${limits.maxNodes.toLocaleString('en-US')} layers`, 'check the repeat count');
        throw new LimitReached();
      }
      if ((workLeft - this.ev.workLeft) * n > workLeft) {
        // In a variant, the variant is at fault: the same repeat fits in the model it varies.
        this.ev.outOfWork(this.statementSites ? arg.span : this.ev.site, this.statementSites ? `repeat(${n})` : 'compiling this');
      }
      // A body that reported errors would report them again on every pass.
      if (this.diags.items.length > errorsBefore) break;
    }
    return out;
  }

  private residual(expr: Compound, env: Env, x: number, scope: string[], state: ChainState): number | null {
    const arg = this.compoundArg(expr, env, 'shortcut');
    if (arg === null) return x;
    // The shortcut is built first, as Keras's ResNet builds its projection before the body.
    let shortcut: number | null = x;
    if (arg) {
      if (arg.value.k === 'chain') shortcut = this.chain(arg.value.items, x, scope).cur;
      else if (arg.value.k !== 'error') this.diags.error('NN0205', arg.span, `residual shortcut must be a layer or chain, got ${describeValue(arg.value)}`);
    }
    const body = this.statements(expr.body, env, x, scope);
    if (body.cur === null || shortcut === null) return body.cur;
    const [sc, out] = [this.graph.shapeOf(shortcut), this.graph.shapeOf(body.cur)];
    const valid = !sc || !out || sameShape(sc, out);
    if (!valid) this.residualMismatch(expr, arg !== undefined, sc!, out!);
    this.ev.spend(3, expr.span);
    const id = this.graph.add(kind('add'), {}, [shortcut, body.cur], expr.span, scope, new Map(), valid);
    state.lastCreated = id;
    return id;
  }

  private residualMismatch(expr: Compound, hasShortcut: boolean, sc: Shape, out: Shape): void {
    const what = hasShortcut ? `the shortcut gives ${formatShape(sc)}` : `its input is ${formatShape(sc)}`;
    const hint = hasShortcut
      ? 'make the shortcut produce the shape the body produces'
      : `add a shortcut that matches, e.g. residual(shortcut = conv(${out[out.length - 1]}, 1${sc[0] !== out[0] ? `, stride = ${Math.max(1, Math.round(sc[0]! / out[0]!))}` : ''})) { ... }`;
    this.diags.error('NN0403', expr.keywordSpan, `residual body changes the shape: ${what} but the body gives ${formatShape(out)}`, hint);
  }

  private merge(expr: Compound, env: Env, x: number, scope: string[], state: ChainState): number | null {
    const arg = this.compoundArg(expr, env, 'axis');
    if (arg === null) return x;
    let axis: number | undefined = -1;
    if (arg) axis = convert(arg.value, { t: 'int', min: -64, max: 64 }, { ev: this.ev, env, what: 'concat axis', span: arg.span }) as number | undefined;
    const outs: number[] = [];
    for (const stmt of expr.body) {
      if (stmt.kind === 'train') {
        this.diags.error('NN0304', stmt.span, 'a train section belongs at the top level of a model, not inside a branch');
        continue;
      }
      const branch = this.statements([stmt], env, x, scope);
      if (branch.cur !== null) outs.push(branch.cur);
    }
    if (expr.body.length < 2) {
      this.diags.error('NN0308', expr.keywordSpan, `${expr.keyword} needs at least two branches, one per line (or braced group); it has ${expr.body.length}`, "use 'identity' for a branch that passes its input through");
      return x;
    }
    if (axis === undefined || outs.length !== expr.body.length) return outs.at(-1) ?? x;
    const attrs: Attrs = expr.keyword === 'concat' ? { axis } : {};
    const spans = new Map(arg ? [['axis', arg.span]] : []);
    this.ev.spend(3, expr.span);
    const id = this.graph.add(kind(expr.keyword), attrs, outs, expr.span, scope, spans);
    state.lastCreated = id;
    return id;
  }
}


function describeValue(v: Value): string {
  switch (v.k) {
    case 'num':
      return 'a number';
    case 'bool':
      return 'a boolean';
    case 'str':
      return 'a string';
    case 'tuple':
      return 'a tuple';
    default:
      return 'not a layer';
  }
}
