// TypeScript from the IR's structure section: each block a function, each root model a builder
// whose parameters are the model's, `repeat` a loop, arguments TypeScript expressions over those
// parameters, shape comments from the nodes each step made. The language's rules are already
// applied in the structure; what TypeScript cannot say here (a layer whose TF.js class depends on
// an input rank that differs between uses) throws `Unsupported`, and the file is written flat.
import type { IrFile, IrNode } from '../ir/types.js';
import type { IrBlock, IrExpr, IrNodeRefs, IrParam, IrRootModel, IrStep, IrStructure } from '../ir/structure.js';
import { activationNames, NotStatic } from '../layers/common.js';
import { findLayer } from '../layers/registry.js';
import type { LayerKind, Shape } from '../layers/types.js';
import { camel, Namer, propertyKey, stringLiteral } from './names.js';
import { describe, paramCount } from './shapes.js';

export class Unsupported extends Error {}

export type Style = 'sequential' | 'functional';

interface Param extends IrParam {
  key: string;
  local: string;
}
interface Fn {
  params: Map<string, Param>;
  names: Namer;
}
export interface BlockFn {
  name: string;
  params: Param[];
  code: string;
}

const isActivation = (name: string): boolean => (activationNames as readonly string[]).includes(name);
const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const same = (a: Shape | undefined, b: Shape | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Renders the blocks, lets and model builders of one spec file from its structure. */
export class StructuredGen {
  readonly blocks = new Map<string, BlockFn>();
  readonly blockOrder: BlockFn[] = [];
  readonly lets = new Map<string, { name: string; code: string }>();
  usesActivationType = false;
  private readonly blockDefs: Map<string, IrBlock>;
  private readonly letDefs: Map<string, IrExpr>;
  private readonly nodes = new Map<string, Map<string, IrNode>>();

  constructor(
    readonly style: Style,
    readonly top: Namer,
    ir: IrFile,
    structure: IrStructure,
  ) {
    this.blockDefs = new Map(structure.blocks.map((b) => [b.name, b]));
    this.letDefs = new Map(structure.lets.map((l) => [l.name, l.value]));
    for (const m of ir.models) this.nodes.set(m.name, new Map(m.nodes.map((n) => [n.id, n])));
  }

  // ---- shapes of the nodes a step made ----

  private uses(refs: IrNodeRefs | undefined): { node: IrNode; input: Shape | undefined }[] {
    const out: { node: IrNode; input: Shape | undefined }[] = [];
    for (const [model, ids] of Object.entries(refs ?? {})) {
      const byId = this.nodes.get(model);
      if (!byId) continue;
      for (const id of ids) {
        const node = byId.get(id);
        if (node) out.push({ node, input: node.inputs[0] === undefined ? undefined : byId.get(node.inputs[0])?.outputShape });
      }
    }
    return out;
  }

  /** The input shape (when the same at every use) and rank (likewise) of a step's layer. */
  private input(refs: IrNodeRefs | undefined): { input?: Shape; inputRank?: number } {
    const inputs = this.uses(refs).map((u) => u.input);
    if (inputs.length === 0 || inputs.some((s) => s === undefined)) return {};
    const first = inputs[0]!;
    const rank = inputs.every((s) => s!.length === first.length) ? { inputRank: first.length } : {};
    return inputs.every((s) => same(s, first)) ? { input: first, ...rank } : rank;
  }

  /** ` // 62x62x64, 1,792 params` when every use agrees; empty otherwise. */
  private comment(refs: IrNodeRefs | undefined): string {
    const uses = this.uses(refs);
    if (uses.length === 0) return '';
    const shape = uses[0]!.node.outputShape;
    const params = paramCount(uses[0]!.node);
    if (!uses.every((u) => same(u.node.outputShape, shape) && paramCount(u.node) === params)) return '';
    return ` // ${describe(shape, params)}`;
  }

  // ---- expressions ----

  expr(e: IrExpr, fn: Fn): string {
    if ('num' in e) return e.num;
    if ('str' in e) return stringLiteral(e.str);
    if ('bool' in e) return String(e.bool);
    if ('sym' in e) return stringLiteral(e.sym);
    if ('param' in e) return fn.params.get(e.param)!.local;
    if ('let' in e) return this.letRef(e.let);
    if ('fn' in e) return `Math.${e.fn}(${e.args.map((a) => this.expr(a, fn)).join(', ')})`;
    if ('neg' in e) {
      const inner = this.expr(e.neg, fn);
      return 'op' in e.neg ? `-(${inner})` : `-${inner}`;
    }
    if ('op' in e) {
      const wrap = (child: IrExpr, right: boolean): string => {
        const s = this.expr(child, fn);
        if (!('op' in child)) return s;
        const lower = PREC[child.op]! < PREC[e.op]!;
        const sameRight = right && PREC[child.op] === PREC[e.op] && (e.op === '-' || e.op === '/');
        return lower || sameRight ? `(${s})` : s;
      };
      return `${wrap(e.left, false)} ${e.op} ${wrap(e.right, true)}`;
    }
    if ('tuple' in e) return `[${e.tuple.map((i) => this.expr(i, fn)).join(', ')}]`;
    if ('layer' in e) {
      if (isActivation(e.layer)) return stringLiteral(e.layer);
      if (e.layer === 'identity') return 'undefined';
      return `() => ${this.tsOf(findLayer(e.layer)!, this.args(e.args ?? {}, fn), {})}`;
    }
    if ('regularizer' in e) {
      const l1 = e.regularizer.l1 && this.expr(e.regularizer.l1, fn);
      const l2 = e.regularizer.l2 && this.expr(e.regularizer.l2, fn);
      return !l2 ? `tf.regularizers.l1({ l1: ${l1} })` : !l1 ? `tf.regularizers.l2({ l2: ${l2} })` : `tf.regularizers.l1l2({ l1: ${l1}, l2: ${l2} })`;
    }
    return `${this.cond(e.ifAny, fn)} ? ${this.expr(e.then, fn)} : ${this.expr(e.else, fn)}`;
  }

  private cond(params: string[], fn: Fn): string {
    return params.map((p) => fn.params.get(p)!.local).join(' || ');
  }

  private args(args: Record<string, IrExpr>, fn: Fn): Record<string, string> {
    return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, this.expr(v, fn)]));
  }

  private letRef(name: string): string {
    const done = this.lets.get(name);
    if (done) return done.name;
    const entry = { name: this.top.claim(camel(name)), code: '' };
    this.lets.set(name, entry);
    entry.code = this.expr(this.letDefs.get(name)!, { params: new Map(), names: this.top });
    return entry.name;
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

  /** A layer step's TF.js call; null when it makes no layer (a flatten of a 1-D input). */
  private layerTs(kind: LayerKind, args: Record<string, string>, shape: { input?: number[]; inputRank?: number }): string | null {
    try {
      return kind.ts!({ args, ...shape });
    } catch (e) {
      if (e instanceof NotStatic) throw new Unsupported(e.message);
      throw e;
    }
  }

  // ---- functions ----

  private paramsOf(params: IrParam[], names: Namer): Param[] {
    // Option keys may be reserved words (`{ new: 3 }`); only the local variables must not be.
    const keys = new Set<string>();
    return params.map((p) => {
      // An option key Object.prototype has (`constructor`) would read the inherited value when not given.
      const wish = camel(p.name) in Object.prototype ? `${camel(p.name)}_` : camel(p.name);
      let key = wish;
      for (let n = 2; keys.has(key); n++) key = `${wish}${n}`;
      keys.add(key);
      return { ...p, key, local: names.claim(key) };
    });
  }

  /** `{ f, drop = 0 }: { f: number; drop?: number }`, with ` = {}` when every parameter is optional. */
  private signature(params: Param[], fn: Fn): string {
    if (params.length === 0) return '';
    const binds: string[] = [];
    const types: string[] = [];
    for (const p of params) {
      const optional = p.default !== undefined;
      const isIdentity = p.default !== undefined && 'layer' in p.default && p.default.layer === 'identity';
      const def = optional && !isIdentity ? ` = ${this.expr(p.default!, fn)}` : '';
      binds.push(`${p.local === p.key ? p.key : `${propertyKey(p.key)}: ${p.local}`}${def}`);
      types.push(`${propertyKey(p.key)}${optional ? '?' : ''}: ${this.typeOf(p)}`);
    }
    const all = params.every((p) => p.default !== undefined);
    return `{ ${binds.join(', ')} }: { ${types.join('; ')} }${all ? ' = {}' : ''}`;
  }

  private typeOf(p: Param): string {
    switch (p.type) {
      case 'activation':
        this.usesActivationType = true;
        return 'Activation';
      case 'layer':
        return '() => tf.layers.Layer';
      case 'symbol':
        return p.values ? p.values.map(stringLiteral).join(' | ') : 'string';
      case 'tuple':
        return 'number[]';
      default:
        return p.type;
    }
  }

  /** Claims the names of the blocks (and lets) `steps` use, callees right after their callers, as they are first met. */
  private claim(steps: IrStep[]): void {
    for (const s of steps) {
      if (s.step === 'call' && !this.blocks.has(s.block)) {
        const def = this.blockDefs.get(s.block)!;
        this.blocks.set(s.block, { name: this.top.claim(camel(s.block)), params: [], code: '' });
        this.claim(def.body);
      }
      if (s.step === 'repeat') this.claim(s.body);
      if (s.step === 'merge') s.branches.forEach((b) => b && this.claim(b));
    }
  }

  private block(name: string): BlockFn {
    const fnInfo = this.blocks.get(name)!;
    if (fnInfo.code) return fnInfo;
    const def = this.blockDefs.get(name)!;
    const names = new Namer([this.style === 'sequential' ? 'model' : 'x', 'tf', 'train'], this.top);
    const params = this.paramsOf(def.params, names);
    fnInfo.params = params;
    const fn: Fn = { params: new Map(params.map((p) => [p.name, p])), names };
    fnInfo.code = 'pending';
    const v = this.style === 'sequential' ? 'model' : 'x';
    const body = this.render(def.body, v, fn);
    const sig = this.signature(params, fn);
    const head = this.style === 'sequential'
      ? `function ${fnInfo.name}(model: tf.Sequential${sig ? `, ${sig}` : ''}): void {`
      : `function ${fnInfo.name}(x: tf.SymbolicTensor${sig ? `, ${sig}` : ''}): tf.SymbolicTensor {`;
    const lines = [head, ...body];
    if (this.style === 'functional') lines.push('return x;');
    lines.push('}');
    fnInfo.code = lines.join('\n');
    this.blockOrder.push(fnInfo);
    return fnInfo;
  }

  model(m: IrRootModel, name: string): { code: string; params: Param[]; fn: Fn } {
    const names = new Namer(['model', 'input', 'x', 'tf', 'train'], this.top);
    const params = this.paramsOf(m.params, names);
    const fn: Fn = { params: new Map(params.map((p) => [p.name, p])), names };
    this.claim(m.body);
    const shape = this.expr(m.input.shape, fn);
    const dtype = m.input.dtype ? `, dtype: ${this.expr(m.input.dtype, fn)}` : '';
    const lines: string[] = [];
    if (this.style === 'sequential') {
      const body = this.render(m.body, 'model', fn);
      lines.push(`export function ${name}(${this.signature(params, fn)}): tf.Sequential {`, 'const model = tf.sequential();');
      lines.push(`model.add(tf.layers.inputLayer({ inputShape: ${shape}${dtype} }));`);
      lines.push(...body, 'return model;', '}');
    } else {
      const body = this.renderInto(m.body, 'input', 'x', fn);
      lines.push(`export function ${name}(${this.signature(params, fn)}): tf.LayersModel {`, `const input = tf.input({ shape: ${shape}${dtype} });`);
      lines.push(...body, 'return tf.model({ inputs: input, outputs: x });', '}');
    }
    return { code: lines.join('\n'), params, fn };
  }

  /** `{ key: value, ... }` for a call of a function with these parameters, shorthand where it can. */
  callArgs(params: Param[], args: Record<string, IrExpr>, fn: Fn): string {
    const props: string[] = [];
    for (const p of params) {
      if (!Object.hasOwn(args, p.name)) continue;
      const value = this.expr(args[p.name]!, fn);
      props.push(value === p.key ? p.key : `${propertyKey(p.key)}: ${value}`);
    }
    return props.length ? `{ ${props.join(', ')} }` : '';
  }

  // ---- steps ----

  /** Statements applying `steps` to the model (sequential) or to the tensor variable `v`. */
  render(steps: IrStep[], v: string, fn: Fn): string[] {
    const out: string[] = [];
    const condOf = (s: IrStep): string | undefined =>
      s.step === 'optional' ? this.cond([s.param], fn) : (s.step === 'layer' || s.step === 'activation') && s.when ? this.cond(s.when, fn) : undefined;
    for (let i = 0; i < steps.length; ) {
      const cond = condOf(steps[i]!);
      let j = i;
      while (j < steps.length && condOf(steps[j]!) === cond) j++;
      const group = steps.slice(i, j).flatMap((s) => this.renderStep(s, v, fn));
      if (cond === undefined) out.push(...group);
      else if (group.length === 1) out.push(`if (${cond}) ${group[0]}`);
      else out.push(`if (${cond}) {`, ...group, '}');
      i = j;
    }
    return out;
  }

  private apply(code: string, v: string, comment: string): string {
    return this.style === 'sequential' ? `model.add(${code});${comment}` : `${v} = ${code}.apply(${v}) as tf.SymbolicTensor;${comment}`;
  }

  private renderStep(s: IrStep, v: string, fn: Fn): string[] {
    const seq = this.style === 'sequential';
    switch (s.step) {
      case 'layer': {
        const code = this.layerTs(findLayer(s.kind)!, this.args(s.args, fn), this.input(s.nodes));
        return code === null ? [] : [this.apply(code, v, this.comment(s.nodes))];
      }
      case 'activation':
        return [this.apply(`tf.layers.activation({ activation: ${this.expr(s.activation, fn)} })`, v, this.comment(s.nodes))];
      case 'call': {
        const block = this.block(s.block);
        const args = this.callArgs(block.params, s.args, fn);
        return [seq ? `${block.name}(model${args ? `, ${args}` : ''});` : `${v} = ${block.name}(${v}${args ? `, ${args}` : ''});`];
      }
      case 'optional': {
        const local = fn.params.get(s.param)!.local;
        return [this.apply(`${local}()`, v, '')];
      }
      case 'repeat': {
        const count = this.expr(s.count, fn);
        const i = fn.names.claim('i');
        return [`for (let ${i} = 0; ${i} < ${count}; ${i}++) {`, ...this.render(s.body, v, fn), '}'];
      }
      case 'merge': {
        if (seq) throw new Unsupported(`${s.kind} in a sequential model`);
        const out: string[] = [];
        const vars = s.branches.map((b, i) => {
          if (b === null) return v;
          const name = fn.names.claim(s.kind === 'add' && s.branches.length === 2 ? (i === 0 ? 'shortcut' : 'branch') : 'branch');
          out.push(...this.renderInto(b, v, name, fn));
          return name;
        });
        const code = this.tsOf(findLayer(s.kind)!, this.args(s.args, fn), this.input(s.nodes));
        out.push(`${v} = ${code}.apply([${vars.join(', ')}]) as tf.SymbolicTensor;${this.comment(s.nodes)}`);
        return out;
      }
    }
  }

  /** `let dst = ...` computed from `src` by `steps`, the first step folded into the declaration. */
  renderInto(steps: IrStep[], src: string, dst: string, fn: Fn): string[] {
    const first = steps[0];
    const unconditional = first && first.step !== 'optional' && !((first.step === 'layer' || first.step === 'activation') && first.when);
    if (first && unconditional && (first.step === 'layer' || first.step === 'activation' || first.step === 'call')) {
      const [line] = this.renderStep(first, src, fn);
      if (line !== undefined && line.startsWith(`${src} = `)) {
        return [`let ${dst}${line.slice(src.length)}`, ...this.render(steps.slice(1), dst, fn)];
      }
      if (line === undefined) return this.renderInto(steps.slice(1), src, dst, fn);
    }
    return [`let ${dst} = ${src};`, ...this.render(steps, dst, fn)];
  }
}
