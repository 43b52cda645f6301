// Code generation from the source structure: each block becomes a function, each model a
// builder whose parameters are the model's, `repeat` a loop, layer arguments TypeScript
// expressions over those parameters. The checker's rules that depend on the chain (an activation
// fused into the layer before it, modifiers changing the nearest weighted layer) are applied here
// statically; where they cannot be (a modifier after a block call, a layer parameter that is not
// an activation or an optional layer, ...) it throws `Unsupported` and the file is generated flat.
import type { SourceFile } from '../check/load.js';
import { lookupDecl, type FileScope } from '../check/values.js';
import type { Span } from '../diagnostics/diagnostic.js';
import { activationNames, NotStatic } from '../layers/common.js';
import { findLayer } from '../layers/registry.js';
import type { AttrSpec, LayerKind } from '../layers/types.js';
import { findModifier } from '../check/modifiers.js';
import type { Arg, BlockDecl, Compound, Expr, LetDecl, ModelDecl, Statement } from '../syntax/ast.js';
import { camel, Namer, propertyKey, stringLiteral } from './names.js';
import type { ShapeIndex } from './shapes.js';

export class Unsupported extends Error {}

export type Style = 'sequential' | 'functional';
type Cls = 'number' | 'boolean' | 'string' | 'symbol' | 'tuple' | 'activation' | 'optional';

interface Param {
  key: string;
  local: string;
  cls: Cls;
  default?: Expr;
  symbols?: Set<string>;
}

interface Fn {
  scope: FileScope;
  params: Map<string, Param>;
  names: Namer;
}

interface LayerStep {
  k: 'layer';
  kind: LayerKind;
  args: Record<string, string>;
  /** Where the layer is written; absent for a layer the comments cannot attribute. */
  span?: Span;
  l1: string[];
  l2: string[];
  /** Set when the activation is fixed (given, or fused) so no further activation fuses. */
  actSet: boolean;
  /** TS source that replaces kind.ts() (an activation held by a parameter). */
  code?: string;
  cond?: string;
}
type Step =
  | LayerStep
  | { k: 'call'; fn: string; args: string; cond?: string }
  | { k: 'optional'; local: string; cond: string }
  | { k: 'repeat'; count: string; body: Step[]; cond?: string }
  | { k: 'merge'; kind: LayerKind; args: Record<string, string>; span: Span; branches: (Step[] | null)[]; cond?: string };

type Tail = 'fusable' | 'not' | 'unknown';
interface State {
  lastKernel: LayerStep | 'opaque' | null;
  lastCreated: { step: LayerStep; unless: string[] } | { tail: Tail } | null;
}

export interface BlockFn {
  name: string;
  params: Param[];
  tail: Tail;
  code: string;
}

const FUNCTIONS: Record<string, string> = { round: 'Math.round', floor: 'Math.floor', ceil: 'Math.ceil', min: 'Math.min', max: 'Math.max' };
const isActivation = (name: string): boolean => (activationNames as readonly string[]).includes(name);
const canFuse = (s: LayerStep): boolean => !s.actSet && s.kind.attrs.some((a) => a.name === 'activation');
const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** Generates the blocks, lets and model builders of one spec file (and the blocks it imports). */
export class StructuredGen {
  readonly blocks = new Map<BlockDecl, BlockFn>();
  readonly blockOrder: BlockFn[] = [];
  readonly lets = new Map<LetDecl, { name: string; code: string }>();
  usesActivationType = false;

  constructor(
    readonly style: Style,
    readonly top: Namer,
    private readonly shapes: ShapeIndex,
    private readonly files: Map<string, SourceFile>,
  ) {}

  // ---- expressions ----

  expr(e: Expr, fn: Fn, symbolAttr?: AttrSpec): string {
    switch (e.kind) {
      case 'number':
        // As written when TypeScript reads it the same (1.001e-5); `.5` and `007` normalized.
        return /^(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(e.text) ? e.text : String(Number(e.text));
      case 'string':
        return stringLiteral(e.value);
      case 'bool':
        return String(e.value);
      case 'name': {
        const p = fn.params.get(e.name);
        if (p) {
          if (p.cls === 'symbol' && symbolAttr?.type.t === 'symbol') {
            p.symbols ??= new Set();
            symbolAttr.type.values.forEach((v) => p.symbols!.add(v));
          }
          if (p.cls === 'activation' || p.cls === 'optional') throw new Unsupported(`layer parameter '${e.name}' used as a value`);
          return p.local;
        }
        const found = lookupDecl(fn.scope, e.name);
        if (found?.decl.kind === 'let') return this.letRef(found.decl, found.scope);
        if (found) throw new Unsupported(`'${e.name}' used as a value`);
        return stringLiteral(e.name);
      }
      case 'call': {
        const f = FUNCTIONS[e.callee.name];
        if (!f || lookupDecl(fn.scope, e.callee.name)) throw new Unsupported(`call of '${e.callee.name}' as a value`);
        return `${f}(${e.args.map((a) => this.expr(a.value, fn)).join(', ')})`;
      }
      case 'negate': {
        const inner = this.expr(e.operand, fn);
        // `--x` would be TypeScript's decrement: a negated negation keeps its parentheses.
        return e.operand.kind === 'binary' || inner.startsWith('-') ? `-(${inner})` : `-${inner}`;
      }
      case 'binary': {
        const wrap = (child: Expr, right: boolean): string => {
          const s = this.expr(child, fn);
          if (child.kind !== 'binary') return s;
          const lower = PREC[child.op]! < PREC[e.op]!;
          const sameRight = right && PREC[child.op] === PREC[e.op] && (e.op === '-' || e.op === '/');
          return lower || sameRight ? `(${s})` : s;
        };
        return `${wrap(e.left, false)} ${e.op} ${wrap(e.right, true)}`;
      }
      case 'tuple':
        return `[${e.items.map((i) => this.expr(i, fn, symbolAttr)).join(', ')}]`;
      default:
        throw new Unsupported('a layer used as a value');
    }
  }

  private letRef(decl: LetDecl, scope: FileScope): string {
    const done = this.lets.get(decl);
    if (done) return done.name;
    const name = this.top.claim(camel(decl.name.name));
    const entry = { name, code: '' };
    this.lets.set(decl, entry);
    entry.code = this.expr(decl.value, { scope, params: new Map(), names: this.top });
    return name;
  }

  /** What kind of value an expression is, for typing the parameter it is given to. */
  classify(e: Expr, fn: Fn): Cls {
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
        const l = this.classify(e.left, fn);
        if (l !== 'number' || this.classify(e.right, fn) !== 'number') throw new Unsupported('a composed layer as an argument');
        return 'number';
      }
      case 'name': {
        const p = fn.params.get(e.name);
        if (p) return p.cls;
        const found = lookupDecl(fn.scope, e.name);
        if (found?.decl.kind === 'let') return this.classify(found.decl.value, { scope: found.scope, params: new Map(), names: this.top });
        if (found) throw new Unsupported(`'${e.name}' as an argument`);
        const kind = findLayer(e.name);
        if (kind) return this.layerClass(kind);
        if (findModifier(e.name)) throw new Unsupported('a modifier as an argument');
        return 'symbol';
      }
      case 'call': {
        if (FUNCTIONS[e.callee.name] && !lookupDecl(fn.scope, e.callee.name)) return 'number';
        const kind = lookupDecl(fn.scope, e.callee.name) ? undefined : findLayer(e.callee.name);
        if (kind && this.layerClass(kind) === 'optional') return 'optional';
        throw new Unsupported(`'${e.callee.name}(...)' as an argument`);
      }
      default:
        throw new Unsupported('a compound layer as an argument');
    }
  }

  private layerClass(kind: LayerKind): Cls {
    if (isActivation(kind.name)) return 'activation';
    if (kind.name === 'identity' || (!kind.hasKernel && kind.family !== 'activation' && kind.family !== 'input' && !kind.multiInput)) return 'optional';
    throw new Unsupported(`layer '${kind.name}' as an argument`);
  }

  /** The TS value of an argument given to a parameter of class `cls`. */
  argValue(e: Expr, cls: Cls, fn: Fn): string {
    const got = this.classify(e, fn);
    const ok = got === cls || (cls === 'symbol' && got === 'string') || (cls === 'number' && got === 'number');
    if (!ok) throw new Unsupported(`an argument of another type (${got}) than the parameter's (${cls})`);
    if (cls === 'activation' || cls === 'optional') {
      if (e.kind === 'name' && fn.params.has(e.name)) return fn.params.get(e.name)!.local;
      if (e.kind === 'name' && lookupDecl(fn.scope, e.name)?.decl.kind === 'let') throw new Unsupported('a layer held by a let');
      const name = e.kind === 'name' ? e.name : (e as Extract<Expr, { kind: 'call' }>).callee.name;
      if (cls === 'activation') return stringLiteral(name);
      if (name === 'identity') return 'undefined';
      const kind = findLayer(name)!;
      const args = e.kind === 'call' ? this.layerArgs(kind, e.args, fn) : {};
      return `() => ${this.tsOf(kind, args, {})}`;
    }
    return this.expr(e, fn);
  }

  tsOf(kind: LayerKind, args: Record<string, string>, shape: { input?: number[]; inputRank?: number }): string {
    try {
      const code = kind.ts!({ args, ...shape });
      if (code === null) throw new Unsupported(`${kind.name} makes no layer here`);
      return code;
    } catch (e) {
      if (e instanceof NotStatic) throw new Unsupported(e.message);
      throw e;
    }
  }

  /** Binds a layer call's arguments (positional, then named) to its attributes, as TS source. */
  layerArgs(kind: LayerKind, args: Arg[], fn: Fn): Record<string, string> {
    const out: Record<string, string> = {};
    const positional = kind.attrs.filter((a) => a.positional);
    const dims: string[] = [];
    let pos = 0;
    for (const arg of args) {
      const spec = arg.name ? kind.attrs.find((a) => a.name === arg.name!.name)! : positional[pos];
      if (!spec) throw new Unsupported(`an argument of ${kind.name}`);
      if (spec.type.t === 'dims' && !arg.name) {
        dims.push(this.expr(arg.value, fn));
        continue;
      }
      if (!arg.name) pos++;
      out[spec.name] = this.expr(arg.value, fn, spec);
    }
    const dimsSpec = kind.attrs.find((a) => a.type.t === 'dims');
    if (dimsSpec && dims.length) out[dimsSpec.name] = `[${dims.join(', ')}]`;
    if (out['activation'] !== undefined) out['activation'] = out['activation'];
    return out;
  }

  // ---- chains and statements ----

  private items(e: Expr, fn: Fn): Exclude<Expr, { kind: 'binary' }>[] {
    if (e.kind === 'binary' && e.op === '+') return [...this.items(e.left, fn), ...this.items(e.right, fn)];
    if (e.kind === 'name') {
      const found = fn.params.has(e.name) ? undefined : lookupDecl(fn.scope, e.name);
      if (found?.decl.kind === 'let') throw new Unsupported('a layer held by a let');
    }
    if (e.kind === 'binary') throw new Unsupported('arithmetic as a statement');
    return [e];
  }

  statements(stmts: Statement[], fn: Fn, skipInput = false): { steps: Step[]; tail: Tail } {
    const steps: Step[] = [];
    let tail: Tail = 'not';
    for (const [i, stmt] of stmts.entries()) {
      if (stmt.kind === 'train') continue;
      let items = this.items(stmt.expr, fn);
      if (skipInput && i === 0) items = items.slice(1);
      const r = this.chain(items, fn);
      steps.push(...r.steps);
      tail = r.tail;
    }
    return { steps, tail };
  }

  private chain(items: Exclude<Expr, { kind: 'binary' }>[], fn: Fn): { steps: Step[]; tail: Tail } {
    const steps: Step[] = [];
    const state: State = { lastKernel: null, lastCreated: null };
    for (const item of items) this.item(item, fn, steps, state);
    const lc = state.lastCreated;
    const tail: Tail = lc === null ? 'not' : 'tail' in lc ? lc.tail : canFuse(lc.step) ? (lc.unless.length ? 'unknown' : 'fusable') : 'not';
    return { steps, tail };
  }

  private item(e: Exclude<Expr, { kind: 'binary' }>, fn: Fn, steps: Step[], state: State): void {
    if (e.kind === 'compound') return this.compound(e, fn, steps, state);
    if (e.kind === 'group') {
      const body = this.statements(e.body, fn);
      steps.push(...body.steps);
      state.lastKernel = 'opaque';
      state.lastCreated = { tail: body.tail };
      return;
    }
    if (e.kind !== 'name' && e.kind !== 'call') throw new Unsupported('a value as a layer');
    const name = e.kind === 'name' ? e.name : e.callee.name;
    const args = e.kind === 'call' ? e.args : [];
    const param = fn.params.get(name);
    if (param) return this.paramItem(param, e.span, steps, state);
    const found = lookupDecl(fn.scope, name);
    if (found?.decl.kind === 'block') return this.blockCall(found.decl, found.scope, args, fn, steps, state);
    if (found) throw new Unsupported(`'${name}' as a layer`);
    const modifier = findModifier(name);
    if (modifier) return this.modify(name, args, fn, state);
    const kind = findLayer(name);
    if (!kind || name === 'input') throw new Unsupported(`'${name}' here`);
    if (name === 'identity') return;
    if (isActivation(name) && this.fuse(stringLiteral(name), steps, state, e.span)) return;
    const step: LayerStep = { k: 'layer', kind, args: this.layerArgs(kind, args, fn), span: e.span, l1: [], l2: [], actSet: false };
    step.actSet = step.args['activation'] !== undefined;
    steps.push(step);
    state.lastCreated = { step, unless: [] };
    if (kind.hasKernel) state.lastKernel = step;
  }

  /** An activation right after a weighted layer becomes its `activation`, as the checker does. */
  private fuse(act: string, steps: Step[], state: State, span: Span | undefined): boolean {
    const lc = state.lastCreated;
    if (lc && 'tail' in lc) {
      if (lc.tail !== 'not') throw new Unsupported('an activation after a block or repeat that ends in a weighted layer');
      return false;
    }
    if (!lc || !canFuse(lc.step)) return false;
    lc.step.actSet = true;
    if (lc.unless.length === 0) {
      lc.step.args['activation'] = act;
      return true;
    }
    // The layer is the last one made only when the optional layers between are absent.
    const cond = lc.unless.join(' || ');
    lc.step.args['activation'] = `${cond} ? "linear" : ${act}`;
    const kind = findLayer('relu')!;
    steps.push({ k: 'layer', kind, args: {}, ...(span ? { span } : {}), l1: [], l2: [], actSet: true, code: `tf.layers.activation({ activation: ${act} })`, cond });
    state.lastCreated = null;
    return true;
  }

  private paramItem(p: Param, span: Span, steps: Step[], state: State): void {
    if (p.cls === 'activation') {
      if (this.fuse(p.local, steps, state, undefined)) return;
      const step: LayerStep = { k: 'layer', kind: findLayer('relu')!, args: {}, span, l1: [], l2: [], actSet: true, code: `tf.layers.activation({ activation: ${p.local} })` };
      steps.push(step);
      state.lastCreated = { step, unless: [] };
      return;
    }
    if (p.cls !== 'optional') throw new Unsupported(`parameter '${p.key}' used as a layer`);
    steps.push({ k: 'optional', local: p.local, cond: p.local });
    const lc = state.lastCreated;
    if (lc && 'step' in lc) state.lastCreated = { step: lc.step, unless: [...lc.unless, p.local] };
  }

  private modify(name: string, args: Arg[], fn: Fn, state: State): void {
    const target = state.lastKernel;
    if (target === null || target === 'opaque') throw new Unsupported(`'${name}' after a block or repeat`);
    const modifier = findModifier(name)!;
    const given: Record<string, string> = {};
    args.forEach((a, i) => (given[a.name?.name ?? modifier.attrs[i]!.name] = this.expr(a.value, fn)));
    const f = (k: string) => given[k] ?? '0.01';
    if (name === 'nobias') target.args['bias'] = 'false';
    if (name === 'l1') target.l1.push(f('f'));
    if (name === 'l2') target.l2.push(f('f'));
    if (name === 'l1l2') target.l1.push(f('l1')), target.l2.push(f('l2'));
  }

  private blockCall(decl: BlockDecl, scope: FileScope, args: Arg[], fn: Fn, steps: Step[], state: State): void {
    const block = this.block(decl, scope, args, fn);
    const given = new Map<string, Arg>();
    args.forEach((a, i) => given.set(a.name?.name ?? decl.params[i]!.name.name, a));
    const props: string[] = [];
    for (const [i, p] of decl.params.entries()) {
      const a = given.get(p.name.name);
      if (!a) continue;
      const info = block.params[i]!;
      const value = this.argValue(a.value, info.cls, fn);
      props.push(value === info.key ? info.key : `${propertyKey(info.key)}: ${value}`);
    }
    steps.push({ k: 'call', fn: block.name, args: props.length ? `{ ${props.join(', ')} }` : '' });
    state.lastKernel = 'opaque';
    state.lastCreated = { tail: block.tail };
  }

  private compound(e: Compound, fn: Fn, steps: Step[], state: State): void {
    const arg = (name: string, i: number): Arg | undefined => e.args.find((a) => a.name?.name === name) ?? e.args.filter((a) => !a.name)[i];
    if (e.keyword === 'repeat') {
      const body = this.statements(e.body, fn);
      steps.push({ k: 'repeat', count: this.expr(arg('n', 0)!.value, fn), body: body.steps });
      state.lastKernel = 'opaque';
      state.lastCreated = { tail: body.tail };
      return;
    }
    if (this.style === 'sequential') throw new Unsupported(`${e.keyword} in a sequential model`);
    const kind = findLayer(e.keyword === 'residual' ? 'add' : e.keyword)!;
    let branches: (Step[] | null)[];
    const attrs: Record<string, string> = {};
    if (e.keyword === 'residual') {
      const shortcut = arg('shortcut', 0);
      const sc = shortcut ? this.chain(this.items(shortcut.value, fn), fn).steps : null;
      branches = [sc, this.statements(e.body, fn).steps];
    } else {
      const axis = arg('axis', 0);
      if (axis) attrs['axis'] = this.expr(axis.value, fn);
      branches = e.body.map((s) => {
        if (s.kind === 'train') throw new Unsupported('train in a branch');
        if (s.expr.kind === 'name' && s.expr.name === 'identity' && !fn.params.has('identity')) return null;
        return this.statements([s], fn).steps;
      });
    }
    steps.push({ k: 'merge', kind, args: attrs, span: e.span, branches });
    state.lastCreated = null;
  }

  // ---- blocks ----

  private paramsOf(params: BlockDecl['params'], scope: FileScope, names: Namer, classOf: (i: number) => Cls): Param[] {
    // Option keys may be reserved words (`{ new: 3 }`); only the local variables must not be.
    const keys = new Set<string>();
    return params.map((p, i) => {
      // An option key Object.prototype has (`constructor`) would read the inherited value when not given.
      const wish = camel(p.name.name) in Object.prototype ? `${camel(p.name.name)}_` : camel(p.name.name);
      let key = wish;
      for (let n = 2; keys.has(key); n++) key = `${wish}${n}`;
      keys.add(key);
      return { key, local: names.claim(key), cls: classOf(i), ...(p.default ? { default: p.default } : {}) };
    });
  }

  private block(decl: BlockDecl, scope: FileScope, callArgs: Arg[], caller: Fn): BlockFn {
    const done = this.blocks.get(decl);
    if (done) return done;
    const name = this.top.claim(camel(decl.name.name));
    const names = new Namer([this.style === 'sequential' ? 'model' : 'x', 'tf', 'train'], this.top);
    const fn: Fn = { scope, params: new Map(), names };
    const given = (i: number): Expr | undefined =>
      (callArgs.find((a) => a.name?.name === decl.params[i]!.name.name) ?? callArgs.filter((a) => !a.name)[i])?.value;
    const params = this.paramsOf(decl.params, scope, names, (i) => {
      const p = decl.params[i]!;
      if (p.default) return this.classify(p.default, fn);
      const g = given(i);
      return g ? this.classify(g, caller) : 'number';
    });
    decl.params.forEach((p, i) => fn.params.set(p.name.name, params[i]!));
    const placeholder: BlockFn = { name, params, tail: 'unknown', code: '' };
    this.blocks.set(decl, placeholder);
    const body = this.statements(decl.body, fn);
    placeholder.tail = body.tail;
    const v = this.style === 'sequential' ? 'model' : 'x';
    const sig = this.signature(params, fn, false);
    const head = this.style === 'sequential'
      ? `function ${name}(model: tf.Sequential${sig ? `, ${sig}` : ''}): void {`
      : `function ${name}(x: tf.SymbolicTensor${sig ? `, ${sig}` : ''}): tf.SymbolicTensor {`;
    const lines = [head, ...this.render(body.steps, v, fn)];
    if (this.style === 'functional') lines.push('return x;');
    lines.push('}');
    placeholder.code = lines.join('\n');
    this.blockOrder.push(placeholder);
    return placeholder;
  }

  /** `{ f, drop = 0 }: { f: number; drop?: number }`, with ` = {}` when every parameter is optional. */
  signature(params: Param[], fn: Fn, model: boolean): string {
    if (params.length === 0) return '';
    const binds: string[] = [];
    const types: string[] = [];
    for (const p of params) {
      const optional = p.default !== undefined;
      const isIdentity = p.default?.kind === 'name' && p.default.name === 'identity';
      const def = optional && !isIdentity ? ` = ${this.argValue(p.default!, p.cls, fn)}` : '';
      binds.push(`${p.local === p.key ? p.key : `${propertyKey(p.key)}: ${p.local}`}${def}`);
      types.push(`${propertyKey(p.key)}${optional ? '?' : ''}: ${this.typeOf(p)}`);
    }
    const all = params.every((p) => p.default !== undefined);
    return `{ ${binds.join(', ')} }: { ${types.join('; ')} }${all && model ? ' = {}' : all ? ' = {}' : ''}`;
  }

  private typeOf(p: Param): string {
    switch (p.cls) {
      case 'activation':
        this.usesActivationType = true;
        return 'Activation';
      case 'optional':
        return '() => tf.layers.Layer';
      case 'symbol':
        return p.symbols ? [...p.symbols].map(stringLiteral).join(' | ') : 'string';
      case 'tuple':
        return 'number[]';
      default:
        return p.cls;
    }
  }

  // ---- models ----

  model(decl: ModelDecl, scope: FileScope, name: string): { code: string; params: Param[]; fn: Fn } {
    const names = new Namer(['model', 'input', 'x', 'tf', 'train'], this.top);
    const fn: Fn = { scope, params: new Map(), names };
    const params = this.paramsOf(decl.params, scope, names, (i) => this.classify(decl.params[i]!.default!, fn));
    decl.params.forEach((p, i) => fn.params.set(p.name.name, params[i]!));
    const first = decl.body[0] as Extract<Statement, { kind: 'expr' }>;
    const inputCall = this.items(first.expr, fn)[0] as Extract<Expr, { kind: 'call' }>;
    const inputArgs = this.layerArgs(findLayer('input')!, inputCall.args, fn);
    const body = this.statements(decl.body, fn, true);
    const sig = this.signature(params, fn, true);
    const dtype = inputArgs['dtype'] ? `, dtype: ${inputArgs['dtype']}` : '';
    const lines: string[] = [];
    if (this.style === 'sequential') {
      lines.push(`export function ${name}(${sig}): tf.Sequential {`, 'const model = tf.sequential();');
      lines.push(`model.add(tf.layers.inputLayer({ inputShape: ${inputArgs['shape']}${dtype} }));`);
      lines.push(...this.render(body.steps, 'model', fn), 'return model;', '}');
    } else {
      lines.push(`export function ${name}(${sig}): tf.LayersModel {`, `const input = tf.input({ shape: ${inputArgs['shape']}${dtype} });`);
      lines.push(...this.renderInto(body.steps, 'input', 'x', fn), 'return tf.model({ inputs: input, outputs: x });', '}');
    }
    return { code: lines.join('\n'), params, fn };
  }

  // ---- rendering ----

  private layerCode(s: LayerStep): { code: string | null; comment: string } {
    const comment = s.span && this.shapes.comment(s.span);
    const suffix = comment ? ` // ${comment}` : '';
    if (s.code) return { code: s.code, comment: suffix };
    const args = { ...s.args };
    if (s.l1.length || s.l2.length) {
      const l1 = s.l1.join(' + ');
      const l2 = s.l2.join(' + ');
      args['regularizer'] = !l2 ? `tf.regularizers.l1({ l1: ${l1} })` : !l1 ? `tf.regularizers.l2({ l2: ${l2} })` : `tf.regularizers.l1l2({ l1: ${l1}, l2: ${l2} })`;
    }
    const shape = s.span ? this.shapes.input(s.span) : {};
    try {
      return { code: s.kind.ts!({ args, ...shape }), comment: suffix };
    } catch (e) {
      if (e instanceof NotStatic) throw new Unsupported(e.message);
      throw e;
    }
  }

  /** Statements applying `steps` to the model (sequential) or to the tensor variable `v`. */
  render(steps: Step[], v: string, fn: Fn): string[] {
    const out: string[] = [];
    for (let i = 0; i < steps.length; ) {
      const cond = steps[i]!.cond;
      let j = i;
      while (j < steps.length && steps[j]!.cond === cond) j++;
      const group = steps.slice(i, j).flatMap((s) => this.renderStep(s, v, fn));
      if (cond === undefined) out.push(...group);
      else if (group.length === 1) out.push(`if (${cond}) ${group[0]}`);
      else out.push(`if (${cond}) {`, ...group, '}');
      i = j;
    }
    return out;
  }

  private renderStep(s: Step, v: string, fn: Fn): string[] {
    const seq = this.style === 'sequential';
    switch (s.k) {
      case 'layer': {
        const { code, comment } = this.layerCode(s);
        if (code === null) return [];
        return [seq ? `model.add(${code});${comment}` : `${v} = ${code}.apply(${v}) as tf.SymbolicTensor;${comment}`];
      }
      case 'call':
        return [seq ? `${s.fn}(model${s.args ? `, ${s.args}` : ''});` : `${v} = ${s.fn}(${v}${s.args ? `, ${s.args}` : ''});`];
      case 'optional':
        return [seq ? `model.add(${s.local}());` : `${v} = ${s.local}().apply(${v}) as tf.SymbolicTensor;`];
      case 'repeat': {
        const i = fn.names.claim('i');
        return [`for (let ${i} = 0; ${i} < ${s.count}; ${i}++) {`, ...this.render(s.body, v, fn), '}'];
      }
      case 'merge': {
        const out: string[] = [];
        const vars = s.branches.map((b, i) => {
          if (b === null) return v;
          const name = fn.names.claim(s.kind.name === 'add' && s.branches.length === 2 ? (i === 0 ? 'shortcut' : 'branch') : 'branch');
          out.push(...this.renderInto(b, v, name, fn));
          return name;
        });
        const comment = this.shapes.comment(s.span);
        const code = this.tsOf(s.kind, s.args, this.shapes.input(s.span));
        out.push(`${v} = ${code}.apply([${vars.join(', ')}]) as tf.SymbolicTensor;${comment ? ` // ${comment}` : ''}`);
        return out;
      }
    }
  }

  /** `let dst = ...` computed from `src` by `steps`, the first step folded into the declaration. */
  renderInto(steps: Step[], src: string, dst: string, fn: Fn): string[] {
    const first = steps[0];
    if (first && first.cond === undefined && (first.k === 'layer' || first.k === 'call')) {
      const [line] = this.renderStep(first, src, fn);
      if (line !== undefined && line.startsWith(`${src} = `)) {
        return [`let ${dst}${line.slice(src.length)}`, ...this.render(steps.slice(1), dst, fn)];
      }
      if (line === undefined) return this.renderInto(steps.slice(1), src, dst, fn);
    }
    return [`let ${dst} = ${src};`, ...this.render(steps, dst, fn)];
  }
}
