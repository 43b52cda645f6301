// Builds the IR's structure section (ir/structure.ts) from the spec's syntax: each block once,
// with its parameters typed and its body as steps over them, each root model's body, each
// variant's arguments. The chain rules are those of expand.ts, and where a rule's outcome depends
// on values (does this activation fuse into the layer before it?) the expansion decides: a step
// fuses only if the nodes the expansion made say it did everywhere. What steps cannot say exactly
// (a modifier after a block call, a layer held by a let, ...) throws `Unstructured`, and the file
// gets no structure: generators then write its models out node by node.
import type { Span } from '../diagnostics/diagnostic.js';
import type { IrBlock, IrExpr, IrParam, IrParamType, IrStep, IrStructure } from '../ir/structure.js';
import { activationNames } from '../layers/common.js';
import { findLayer } from '../layers/registry.js';
import type { AttrSpec, LayerKind } from '../layers/types.js';
import type { Arg, BlockDecl, Compound, Expr, LetDecl, ModelDecl, Statement, VariantDecl } from '../syntax/ast.js';
import type { SourceFile } from './load.js';
import type { CompiledModel } from './model.js';
import { findModifier } from './modifiers.js';
import { lookupDecl, type FileScope } from './values.js';
import { NodeIndex } from './structure-nodes.js';

export class Unstructured extends Error {}

type Item = Exclude<Expr, { kind: 'binary' }>;
type Param = IrParam & { symbols?: Set<string> };
interface Fn {
  scope: FileScope;
  params: Map<string, Param>;
}

type IrLayerStep = Extract<IrStep, { step: 'layer' }>;
/** A layer step as built: the IR's step, and what the chain rules after it need to know. */
interface LayerStep {
  ir: IrLayerStep;
  span: Span;
  hasActivation: boolean;
  /** The factors of the `l1`, `l2` and `l1l2` modifiers on it, summed into `regularizer` at the end. */
  l1?: IrExpr[];
  l2?: IrExpr[];
}
type Tail = 'fusable' | 'not' | 'unknown';
/** A chain's state after its last item: the layer a modifier changes, and the last layer made. */
interface State {
  lastKernel: LayerStep | 'opaque' | null;
  /** The last layer made, which it is only when the optional layers `unless` names are absent. */
  last: LayerStep | null;
  unless: string[];
  /** Set instead of `last` after a block call, repeat or group: how its body ends. */
  tail: Tail | null;
  /** Whether the chain's next item is to be left out (a model's `input(...)`, read apart). */
  skip: boolean;
}
interface Built {
  name: string;
  params: Param[];
  tail: Tail;
  body: IrStep[];
}
const NO_NAMES: string[] = [];
const NO_ARGS: Arg[] = [];

const FUNCTIONS = ['round', 'floor', 'ceil', 'min', 'max'] as const;
const isFunction = (name: string): name is (typeof FUNCTIONS)[number] => (FUNCTIONS as readonly string[]).includes(name);
const activations = new Set<string>(activationNames);
const isActivation = (name: string): boolean => activations.has(name);
/** A layer whose `activation` is still linear for certain, so a following activation fuses into it. */
/** The expression `map` holds for `key`, made by `make` and kept on first use. */
function shared(map: Map<string, IrExpr>, key: string, make: (key: string) => IrExpr): IrExpr {
  let e = map.get(key);
  if (!e) map.set(key, (e = make(key)));
  return e;
}
const numExpr = (text: string): IrExpr => ({ num: numberText(text) });
const strExpr = (value: string): IrExpr => ({ str: value });
const symExpr = (name: string): IrExpr => ({ sym: name });
const paramExpr = (name: string): IrExpr => ({ param: name });

const canFuse = (s: LayerStep): boolean => !s.hasActivation && takesActivation(s.ir.kind);
const takesActivationByKind = new Map<string, boolean>();
function takesActivation(kind: string): boolean {
  let takes = takesActivationByKind.get(kind);
  if (takes === undefined) takesActivationByKind.set(kind, (takes = kind !== 'input' && findLayer(kind)!.attrs.some((a) => a.name === 'activation')));
  return takes;
}
const linear = (e: IrExpr | undefined): boolean => e === undefined || ('str' in e && e.str === 'linear') || ('layer' in e && e.layer === 'linear') || ('sym' in e && e.sym === 'linear');

const positionals = new WeakMap<readonly AttrSpec[], AttrSpec[]>();
/** The attributes a layer takes by position, in order (found once per layer kind). */
function positionalAttrs(attrs: readonly AttrSpec[]): AttrSpec[] {
  let found = positionals.get(attrs);
  if (!found) positionals.set(attrs, (found = attrs.filter((a) => a.positional)));
  return found;
}

const byName = new WeakMap<readonly AttrSpec[], Map<string, AttrSpec>>();
/** A layer's attribute of that name (the map made once per layer kind). */
function namedAttr(attrs: readonly AttrSpec[], name: string): AttrSpec | undefined {
  let found = byName.get(attrs);
  if (!found) byName.set(attrs, (found = new Map(attrs.map((a) => [a.name, a]))));
  return found.get(name);
}

/** As written when every target reads it the same (`1.001e-5`); `.5` and `007` normalized. */
const numberText = (text: string): string => (/^(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? text : String(Number(text)));

export function buildStructure(entry: SourceFile, models: CompiledModel[]): IrStructure | undefined {
  try {
    return new StructureBuilder(new NodeIndex(models)).file(entry);
  } catch (e) {
    if (e instanceof Unstructured) return undefined;
    throw e;
  }
}

class StructureBuilder {
  private readonly blocks = new Map<BlockDecl, Built>();
  private readonly blockOrder: Built[] = [];
  private readonly blockNames = new Set<string>();
  private readonly lets = new Map<LetDecl, { name: string; value?: IrExpr }>();
  private readonly letOrder: { name: string; value: IrExpr }[] = [];
  private readonly letTypes = new Map<LetDecl, IrParamType>();
  private readonly letNames = new Set<string>();
  /** The layer steps the `l1`, `l2` or `l1l2` modifiers change. */
  private readonly regularized: LayerStep[] = [];
  // Leaf expressions are shared wherever they are equal: `{ num: '8' }` is one object however often it is written.
  private readonly nums = new Map<string, IrExpr>();
  private readonly strs = new Map<string, IrExpr>();
  private readonly syms = new Map<string, IrExpr>();
  private readonly paramRefs = new Map<string, IrExpr>();
  private readonly bools: [IrExpr, IrExpr] = [{ bool: false }, { bool: true }];

  constructor(private readonly nodes: NodeIndex) {}

  file(entry: SourceFile): IrStructure {
    const out: IrStructure['models'] = [];
    const imported = new Set<ModelDecl>();
    for (const d of entry.ast.decls) {
      if (d.kind === 'model') out.push({ kind: 'model', ...this.model(d, entry.scope) });
      if (d.kind !== 'variant') continue;
      const v = this.variant(d, entry.scope);
      // A variant of an imported model: the model's structure comes along, once, before it.
      if (v.rootScope !== entry.scope && !imported.has(v.root)) {
        imported.add(v.root);
        out.push({ kind: 'model', ...this.model(v.root, v.rootScope) });
      }
      out.push({ kind: 'variant', name: v.name, of: v.of, args: v.args });
    }
    const blocks: IrBlock[] = this.blockOrder.map((b) => ({ name: b.name, params: b.params.map(param), body: b.body }));
    // Last, when every modifier is known (a later one may still add a factor).
    for (const s of this.regularized) addRegularizer(s);
    return { lets: this.letOrder, blocks, models: out };
  }

  // ---- expressions ----

  /** A number literal, by its text as written. */
  private num(text: string): IrExpr {
    return shared(this.nums, text, numExpr);
  }

  private str(value: string): IrExpr {
    return shared(this.strs, value, strExpr);
  }

  private sym(name: string): IrExpr {
    return shared(this.syms, name, symExpr);
  }

  private paramRef(name: string): IrExpr {
    return shared(this.paramRefs, name, paramExpr);
  }

  private bool(value: boolean): IrExpr {
    return this.bools[value ? 1 : 0];
  }

  expr(e: Expr, fn: Fn, symbolAttr?: AttrSpec): IrExpr {
    switch (e.kind) {
      case 'number':
        return this.num(e.text);
      case 'string':
        return this.str(e.value);
      case 'bool':
        return this.bool(e.value);
      case 'name': {
        const p = fn.params.get(e.name);
        if (p) {
          if (p.type === 'symbol' && symbolAttr?.type.t === 'symbol') {
            p.symbols ??= new Set();
            symbolAttr.type.values.forEach((v) => p.symbols!.add(v));
          }
          if (p.type === 'string' && symbolAttr?.name === 'activation') p.type = 'activation';
          if (p.type === 'activation' && symbolAttr?.name === 'activation') return this.paramRef(e.name);
          if (p.type === 'activation' || p.type === 'layer') throw new Unstructured(`layer parameter '${e.name}' used as a value`);
          return this.paramRef(e.name);
        }
        const found = lookupDecl(fn.scope, e.name);
        if (found?.decl.kind === 'let') return { let: this.letRef(found.decl, found.scope) };
        if (found) throw new Unstructured(`'${e.name}' used as a value`);
        if (symbolAttr?.name === 'activation' && isActivation(e.name)) return this.str(e.name);
        return this.sym(e.name);
      }
      case 'call': {
        const f = e.callee.name;
        if (!isFunction(f) || lookupDecl(fn.scope, f)) throw new Unstructured(`call of '${f}' as a value`);
        return { fn: f, args: e.args.map((a) => this.expr(a.value, fn)) };
      }
      case 'negate':
        return { neg: this.expr(e.operand, fn) };
      case 'binary':
        return { op: e.op as '+' | '-' | '*' | '/', left: this.expr(e.left, fn), right: this.expr(e.right, fn) };
      case 'tuple':
        return { tuple: e.items.map((i) => this.expr(i, fn, symbolAttr)) };
      default:
        throw new Unstructured('a layer used as a value');
    }
  }

  private letRef(decl: LetDecl, scope: FileScope): string {
    const done = this.lets.get(decl);
    if (done) return done.name;
    let name = decl.name.name;
    for (let n = 2; this.letNames.has(name); n++) name = `${decl.name.name}_${n}`;
    this.letNames.add(name);
    const entry: { name: string; value?: IrExpr } = { name };
    this.lets.set(decl, entry);
    entry.value = this.expr(decl.value, { scope, params: new Map() });
    this.letOrder.push({ name, value: entry.value });
    return name;
  }

  /** What kind of value an expression is, for typing the parameter it is given to. */
  classify(e: Expr, fn: Fn): IrParamType {
    switch (e.kind) {
      case 'number':
      case 'negate':
        return 'number';
      case 'bool':
        return 'boolean';
      case 'string':
        return 'string';
      case 'tuple':
        return 'tuple';
      case 'binary': {
        if (this.classify(e.left, fn) !== 'number' || this.classify(e.right, fn) !== 'number') throw new Unstructured('a composed layer as an argument');
        return 'number';
      }
      case 'name': {
        const p = fn.params.get(e.name);
        if (p) return p.type;
        const found = lookupDecl(fn.scope, e.name);
        if (found?.decl.kind === 'let') return this.letType(found.decl, found.scope);
        if (found) throw new Unstructured(`'${e.name}' as an argument`);
        const kind = findLayer(e.name);
        if (kind) return layerType(kind);
        if (findModifier(e.name)) throw new Unstructured('a modifier as an argument');
        return 'symbol';
      }
      case 'call': {
        if (isFunction(e.callee.name) && !lookupDecl(fn.scope, e.callee.name)) return 'number';
        const kind = lookupDecl(fn.scope, e.callee.name) ? undefined : findLayer(e.callee.name);
        if (kind && layerType(kind) === 'layer') return 'layer';
        throw new Unstructured(`'${e.callee.name}(...)' as an argument`);
      }
      default:
        throw new Unstructured('a compound layer as an argument');
    }
  }

  /** A let's type, computed once (lets built on lets would otherwise be classified again at every use). */
  private letType(decl: LetDecl, scope: FileScope): IrParamType {
    let type = this.letTypes.get(decl);
    if (type === undefined) {
      type = this.classify(decl.value, { scope, params: new Map() });
      this.letTypes.set(decl, type);
    }
    return type;
  }

  /** An argument given to a parameter of type `type`. */
  argValue(e: Expr, type: IrParamType, fn: Fn): IrExpr {
    const got = this.classify(e, fn);
    // An activation is one concept: its name as a string is the same argument as the layer.
    if (type === 'activation' && e.kind === 'string' && isActivation(e.value)) return this.str(e.value);
    if (got !== type && !(type === 'symbol' && got === 'string')) throw new Unstructured(`an argument of another type (${got}) than the parameter's (${type})`);
    if (type !== 'activation' && type !== 'layer') return this.expr(e, fn);
    if (e.kind === 'name' && fn.params.has(e.name)) return this.paramRef(e.name);
    if (e.kind === 'name' && lookupDecl(fn.scope, e.name)?.decl.kind === 'let') throw new Unstructured('a layer held by a let');
    const name = e.kind === 'name' ? e.name : (e as Extract<Expr, { kind: 'call' }>).callee.name;
    const args = e.kind === 'call' ? this.layerArgs(findLayer(name)!, e.args, fn) : {};
    return Object.keys(args).length ? { layer: name, args } : { layer: name };
  }

  /** Binds a layer call's arguments (positional, then named) to its attributes. */
  layerArgs(kind: LayerKind, args: Arg[], fn: Fn): Record<string, IrExpr> {
    const out: Record<string, IrExpr> = {};
    const positional = positionalAttrs(kind.attrs);
    let dims: { spec: AttrSpec; items: IrExpr[] } | undefined;
    let pos = 0;
    for (const arg of args) {
      const spec = arg.name ? namedAttr(kind.attrs, arg.name.name) : positional[pos];
      if (!spec) throw new Unstructured(`an argument of ${kind.name}`);
      if (spec.type.t === 'dims' && !arg.name) {
        (dims ??= { spec, items: [] }).items.push(this.expr(arg.value, fn));
        continue;
      }
      if (!arg.name) pos++;
      out[spec.name] = spec.name === 'activation' ? this.activationArg(arg.value, fn, spec) : this.expr(arg.value, fn, spec);
    }
    if (dims) out[dims.spec.name] = { tuple: dims.items };
    return out;
  }

  /** An `activation` argument: a string, an activation layer, or a parameter holding either. */
  private activationArg(e: Expr, fn: Fn, spec: AttrSpec): IrExpr {
    if (e.kind === 'name' && fn.params.get(e.name)?.type === 'activation') return this.paramRef(e.name);
    return this.expr(e, fn, spec);
  }

  // ---- chains and statements ----

  /** The layers of a chain `a + b + c`, in order (into `out`, so that no list is copied). */
  private items(e: Expr, fn: Fn, out: Item[] = []): Item[] {
    if (e.kind === 'binary' && e.op === '+') {
      this.items(e.left, fn, out);
      return this.items(e.right, fn, out);
    }
    out.push(this.leaf(e, fn));
    return out;
  }

  /** One item of a chain: a layer, a block call, a group or a compound; not arithmetic, nor a let. */
  private leaf(e: Expr, fn: Fn): Item {
    if (e.kind === 'name') {
      const found = fn.params.has(e.name) ? undefined : lookupDecl(fn.scope, e.name);
      if (found?.decl.kind === 'let') throw new Unstructured('a layer held by a let');
    }
    if (e.kind === 'binary') throw new Unstructured('arithmetic as a statement');
    return e;
  }

  /** Appends the statements' steps to `out`; returns how the last one ends. */
  statements(stmts: Statement[], fn: Fn, out: IrStep[], skipInput = false): Tail {
    let tail: Tail = 'not';
    for (let i = 0; i < stmts.length; i++) {
      const stmt = stmts[i]!;
      if (stmt.kind === 'train') continue;
      tail = this.chain(stmt.expr, skipInput && i === 0, fn, out);
    }
    return tail;
  }

  /** Appends the steps of a chain `a + b + c` (but its first item, with `skipFirst`) to `out`; returns how it ends. */
  private chain(e: Expr, skipFirst: boolean, fn: Fn, out: IrStep[]): Tail {
    const state: State = { lastKernel: null, last: null, unless: NO_NAMES, tail: null, skip: skipFirst };
    this.link(e, fn, out, state);
    if (state.tail !== null) return state.tail;
    const last = state.last;
    return last !== null && canFuse(last) ? (state.unless.length ? 'unknown' : 'fusable') : 'not';
  }

  /** The items of a chain, left to right, each made a step as it is found (no list of them is built). */
  private link(e: Expr, fn: Fn, out: IrStep[], state: State): void {
    if (e.kind === 'binary' && e.op === '+') {
      this.link(e.left, fn, out, state);
      return this.link(e.right, fn, out, state);
    }
    const item = this.leaf(e, fn);
    if (state.skip) state.skip = false;
    else this.item(item, fn, out, state);
  }

  private item(e: Item, fn: Fn, steps: IrStep[], state: State): void {
    if (e.kind === 'compound') return this.compound(e, fn, steps, state);
    if (e.kind === 'group') return this.opaque(state, this.statements(e.body, fn, steps));
    if (e.kind !== 'name' && e.kind !== 'call') throw new Unstructured('a value as a layer');
    const name = e.kind === 'name' ? e.name : e.callee.name;
    const args = e.kind === 'call' ? e.args : NO_ARGS;
    const param = fn.params.get(name);
    if (param) return this.paramItem(param, e.span, steps, state);
    const found = lookupDecl(fn.scope, name);
    if (found?.decl.kind === 'block') return this.blockCall(found.decl, found.scope, args, fn, steps, state);
    if (found) throw new Unstructured(`'${name}' as a layer`);
    if (findModifier(name)) return this.modify(name, args, fn, state);
    const kind = findLayer(name);
    if (!kind || name === 'input') throw new Unstructured(`'${name}' here`);
    if (name === 'identity') return;
    if (isActivation(name) && this.fuse(this.str(name), steps, state, e.span)) return;
    const layerArgs = this.layerArgs(kind, args, fn);
    const nodes = this.nodes.refs(e.span);
    const ir: IrLayerStep = nodes ? { step: 'layer', kind: name, args: layerArgs, nodes } : { step: 'layer', kind: name, args: layerArgs };
    const step: LayerStep = { ir, span: e.span, hasActivation: !linear(layerArgs['activation']) };
    steps.push(ir);
    state.last = step;
    state.unless = NO_NAMES;
    state.tail = null;
    if (kind.hasKernel) state.lastKernel = step;
  }

  /** After a block call, a repeat or a group: no layer a modifier could change, and a body that ended as `tail`. */
  private opaque(state: State, tail: Tail): void {
    state.lastKernel = 'opaque';
    state.last = null;
    state.unless = NO_NAMES;
    state.tail = tail;
  }

  /** After a step that is the chain's last layer for certain but takes no activation. */
  private madeOther(state: State): void {
    state.last = null;
    state.unless = NO_NAMES;
    state.tail = null;
  }

  /** An activation right after a layer that can take it becomes its `activation`, as the expansion did. */
  private fuse(act: IrExpr, steps: IrStep[], state: State, span: Span | undefined): boolean {
    if (state.tail !== null) {
      if (state.tail !== 'not') throw new Unstructured('an activation after a block or repeat that ends in a weighted layer');
      return false;
    }
    const last = state.last;
    if (!last) return false;
    const fusable = canFuse(last);
    const unless = state.unless;
    // The expansion decides where it can tell: the activation made its own nodes wherever it did not fuse.
    const before = this.nodes.count(last.span);
    // (A parameter's activation is written elsewhere, so its nodes cannot be found by place.)
    if (span && before > 0 && unless.length === 0) {
      const made = this.nodes.count(span);
      if (made !== 0 && made !== before) throw new Unstructured('an activation that fuses at some uses only');
      if (made === 0 && !fusable) throw new Unstructured('an activation that fuses into a layer whose activation is a parameter');
      if (made === before) return false;
    }
    if (!fusable) return false;
    // Fusing `linear` leaves the layer linear, so a later activation still fuses (as in expand.ts).
    last.hasActivation = !linear(act);
    if (unless.length === 0) {
      last.ir.args['activation'] = act;
      return true;
    }
    // The layer is the last one made only when the optional layers between are absent.
    last.ir.args['activation'] = { ifAny: unless, then: this.str('linear'), else: act };
    const nodes = span ? this.nodes.refs(span) : undefined;
    steps.push(nodes ? { step: 'activation', activation: act, nodes, when: unless } : { step: 'activation', activation: act, when: unless });
    this.madeOther(state);
    return true;
  }

  private paramItem(p: Param, span: Span, steps: IrStep[], state: State): void {
    if (p.type === 'activation') {
      const act = this.paramRef(p.name);
      if (this.fuse(act, steps, state, undefined)) return;
      const nodes = this.nodes.refs(span);
      steps.push(nodes ? { step: 'activation', activation: act, nodes } : { step: 'activation', activation: act });
      this.madeOther(state);
      return;
    }
    if (p.type !== 'layer') throw new Unstructured(`parameter '${p.name}' used as a layer`);
    steps.push({ step: 'optional', param: p.name });
    if (state.last) state.unless = [...state.unless, p.name];
  }

  private modify(name: string, args: Arg[], fn: Fn, state: State): void {
    const target = state.lastKernel;
    if (target === null || target === 'opaque') throw new Unstructured(`'${name}' after a block or repeat`);
    const attrs = findModifier(name)!.attrs;
    // Each factor as given (by position or by name), else its default.
    const factors: IrExpr[] = attrs.map(() => this.num('0.01'));
    args.forEach((a, i) => {
      const value = this.expr(a.value, fn);
      const at = a.name ? attrs.findIndex((s) => s.name === a.name!.name) : i;
      if (at !== -1) factors[at] = value;
    });
    if (name === 'nobias') target.ir.args['bias'] = this.bool(false);
    if (name !== 'l1' && name !== 'l2' && name !== 'l1l2') return;
    if (!target.l1 && !target.l2) this.regularized.push(target);
    const add = (list: IrExpr[] | undefined, x: IrExpr): IrExpr[] => (list ? (list.push(x), list) : [x]);
    if (name === 'l1') target.l1 = add(target.l1, factors[0]!);
    if (name === 'l2') target.l2 = add(target.l2, factors[0]!);
    if (name === 'l1l2') (target.l1 = add(target.l1, factors[0]!)), (target.l2 = add(target.l2, factors[1]!));
  }

  private blockCall(decl: BlockDecl, scope: FileScope, args: Arg[], fn: Fn, steps: IrStep[], state: State): void {
    const block = this.block(decl, scope, args, fn);
    const given = new Map<string, Arg>();
    args.forEach((a, i) => given.set(a.name?.name ?? decl.params[i]!.name.name, a));
    const out: [string, IrExpr][] = [];
    for (const [i, p] of decl.params.entries()) {
      const a = given.get(p.name.name);
      if (a) out.push([p.name.name, this.argValue(a.value, block.params[i]!.type, fn)]);
    }
    // fromEntries makes own keys even of `__proto__`, which an assignment would not.
    steps.push({ step: 'call', block: block.name, args: Object.fromEntries(out) });
    this.opaque(state, block.tail);
  }

  private compound(e: Compound, fn: Fn, steps: IrStep[], state: State): void {
    const arg = (name: string, i: number): Arg | undefined => e.args.find((a) => a.name?.name === name) ?? e.args.filter((a) => !a.name)[i];
    if (e.keyword === 'repeat') {
      const body: IrStep[] = [];
      const tail = this.statements(e.body, fn, body);
      steps.push({ step: 'repeat', count: this.expr(arg('n', 0)!.value, fn), body });
      return this.opaque(state, tail);
    }
    let branches: (IrStep[] | null)[];
    const args: Record<string, IrExpr> = {};
    if (e.keyword === 'residual') {
      const shortcut = arg('shortcut', 0);
      let sc: IrStep[] | null = null;
      if (shortcut) this.chain(shortcut.value, false, fn, (sc = []));
      const body: IrStep[] = [];
      this.statements(e.body, fn, body);
      branches = [sc, body];
    } else {
      const axis = arg('axis', 0);
      if (axis) args['axis'] = this.expr(axis.value, fn);
      branches = e.body.map((s) => {
        if (s.kind === 'train') throw new Unstructured('train in a branch');
        if (s.expr.kind === 'name' && s.expr.name === 'identity' && !fn.params.has('identity')) return null;
        const branch: IrStep[] = [];
        this.statements([s], fn, branch);
        return branch;
      });
    }
    const kind = e.keyword === 'residual' ? 'add' : e.keyword;
    const nodes = this.nodes.refs(e.span);
    steps.push(nodes ? { step: 'merge', kind, args, branches, nodes } : { step: 'merge', kind, args, branches });
    this.madeOther(state);
  }

  // ---- blocks and models ----

  private params(decl: { params: BlockDecl['params'] }, typeOf: (i: number) => IrParamType): Param[] {
    return decl.params.map((p, i) => ({ name: p.name.name, type: typeOf(i) }));
  }

  /** Sets each parameter's default, in the function's own environment (so defaults may use earlier parameters). */
  private defaults(decl: { params: BlockDecl['params'] }, params: Param[], fn: Fn): void {
    decl.params.forEach((p, i) => {
      if (p.default) params[i]!.default = this.argValue(p.default, params[i]!.type, fn);
    });
  }

  private block(decl: BlockDecl, scope: FileScope, callArgs: Arg[], caller: Fn): Built {
    const done = this.blocks.get(decl);
    if (done) return done;
    let name = decl.name.name;
    for (let n = 2; this.blockNames.has(name); n++) name = `${decl.name.name}_${n}`;
    this.blockNames.add(name);
    const fn: Fn = { scope, params: new Map() };
    const given = (i: number): Expr | undefined =>
      (callArgs.find((a) => a.name?.name === decl.params[i]!.name.name) ?? callArgs.filter((a) => !a.name)[i])?.value;
    const params = this.params(decl, (i) => {
      const p = decl.params[i]!;
      if (p.default) return this.classify(p.default, fn);
      const g = given(i);
      return g ? this.classify(g, caller) : 'number';
    });
    params.forEach((p) => fn.params.set(p.name, p));
    const built: Built = { name, params, tail: 'unknown', body: [] };
    this.blocks.set(decl, built);
    built.tail = this.statements(decl.body, fn, built.body);
    this.defaults(decl, params, fn);
    this.blockOrder.push(built);
    return built;
  }

  private model(decl: ModelDecl, scope: FileScope) {
    const fn: Fn = { scope, params: new Map() };
    const params = this.params(decl, (i) => this.classify(decl.params[i]!.default!, fn));
    params.forEach((p) => fn.params.set(p.name, p));
    const first = decl.body[0] as Extract<Statement, { kind: 'expr' }>;
    const inputCall = this.items(first.expr, fn)[0] as Extract<Expr, { kind: 'call' }>;
    const inputArgs = this.layerArgs(findLayer('input')!, inputCall.args, fn);
    const body: IrStep[] = [];
    this.statements(decl.body, fn, body, true);
    this.defaults(decl, params, fn);
    const input = { shape: inputArgs['shape']!, ...(inputArgs['dtype'] ? { dtype: inputArgs['dtype'] } : {}) };
    return { name: decl.name.name, params: params.map(param), input, body };
  }

  private variant(decl: VariantDecl, scope: FileScope) {
    const chain: Arg[][] = [];
    let cur: ModelDecl | VariantDecl = decl;
    let curScope = scope;
    while (cur.kind === 'variant') {
      chain.unshift(cur.args);
      const found = lookupDecl(curScope, cur.base.name)!;
      cur = found.decl as ModelDecl | VariantDecl;
      curScope = found.scope;
    }
    const root = cur;
    const given = new Map<number, Arg>();
    for (const args of chain) args.forEach((a, i) => given.set(a.name ? root.params.findIndex((p) => p.name.name === a.name!.name) : i, a));
    const fn: Fn = { scope, params: new Map() };
    const rootFn: Fn = { scope: curScope, params: new Map() };
    const out = [...given.entries()].sort(([x], [y]) => x - y).map(([i, a]): [string, IrExpr] => {
      const p = root.params[i]!;
      return [p.name.name, this.argValue(a.value, this.classify(p.default!, rootFn), fn)];
    });
    return { name: decl.name.name, of: root.name.name, args: Object.fromEntries(out), root, rootScope: curScope };
  }
}

const layerType = (kind: LayerKind): IrParamType => {
  if (isActivation(kind.name)) return 'activation';
  if (kind.name === 'identity' || (!kind.hasKernel && kind.family !== 'activation' && kind.family !== 'input' && !kind.multiInput)) return 'layer';
  throw new Unstructured(`layer '${kind.name}' as an argument`);
};

const param = (p: Param): IrParam => ({
  name: p.name,
  type: p.type,
  ...(p.default ? { default: p.default } : {}),
  ...(p.symbols ? { values: [...p.symbols] } : {}),
});

/** The regularizer modifiers on a layer, summed into its `regularizer` argument. */
function addRegularizer(s: LayerStep): void {
  const sum = (xs: IrExpr[]): IrExpr | undefined => xs.reduce<IrExpr | undefined>((a, x) => (a ? { op: '+', left: a, right: x } : x), undefined);
  const l1 = sum(s.l1 ?? []);
  const l2 = sum(s.l2 ?? []);
  const regularizer: { l1?: IrExpr; l2?: IrExpr } = {};
  if (l1) regularizer.l1 = l1;
  if (l2) regularizer.l2 = l2;
  s.ir.args['regularizer'] = { regularizer };
}
