// A seeded generator of valid .nn specs for differential testing against TF.js. It mixes every
// v1 layer and attribute with lets, expressions, blocks with parameters, repeat, residual (with
// and without shortcut), concat (on several axes), add, modifiers (l1/l2/l1l2/nobias), model
// parameters and variants, activation arguments (strings and layers), and train sections. It
// tracks shapes with the registry's own shape rules only to stay valid; the TF.js build, not the
// generator, is the oracle.
import { withDefaults } from '../../src/layers/common.js';
import { findLayer } from '../../src/layers/registry.js';
import type { Attrs, AttrValue, Shape } from '../../src/layers/types.js';
import { rng } from '../random.js';

export { rng };

type Arg = number | boolean | { sym: string } | { str: string } | { param: string; times: number } | { expr: string; value: number } | Arg[];
type Env = Record<string, number>;

interface LayerOp { t: 'layer'; kind: string; pos: Arg[]; named: [string, Arg][]; mods: string[]; lateMods?: string[] }
interface BlockCall { t: 'call'; block: Block; args: Arg[]; named: boolean }
interface Repeat { t: 'repeat'; n: Arg; body: Stmt[] }
interface Residual { t: 'residual'; shortcut?: LayerOp[]; body: Stmt[] }
interface Merge { t: 'merge'; kw: 'add' | 'concat'; axis?: Arg; branches: Stmt[][] }
type Item = LayerOp | BlockCall | Repeat | Residual | Merge;
/** One statement: a chain of items joined by `+`. */
type Stmt = Item[];
interface Block { name: string; params: string[]; body: Stmt[] }

const ACTIVATIONS = ['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'gelu', 'linear'];
const KERNEL_KINDS = new Set(['dense', 'conv', 'dwconv', 'sepconv', 'deconv', 'rnn', 'lstm', 'gru']);
const MAX_VALUES = 3000;
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const same = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

function evalArg(a: Arg, env: Env): AttrValue {
  if (typeof a === 'number' || typeof a === 'boolean') return a;
  if (Array.isArray(a)) return a.map((x) => evalArg(x, env));
  if ('sym' in a) return a.sym;
  if ('str' in a) return a.str;
  if ('param' in a) return env[a.param]! * a.times;
  return a.value;
}

function renderArg(a: Arg): string {
  if (typeof a === 'number' || typeof a === 'boolean') return String(a);
  if (Array.isArray(a)) return `(${a.map(renderArg).join(', ')})`;
  if ('sym' in a) return a.sym;
  if ('str' in a) return JSON.stringify(a.str);
  if ('param' in a) return a.times === 1 ? a.param : `${a.param} * ${a.times}`;
  return a.expr;
}

function attrsOf(op: LayerOp, env: Env): Attrs | undefined {
  const kind = findLayer(op.kind);
  if (!kind) return undefined;
  const given: Attrs = {};
  const positional = kind.attrs.filter((s) => s.positional);
  if (positional[0]?.type.t === 'dims') given[positional[0].name] = op.pos.map((a) => evalArg(a, env));
  else op.pos.forEach((a, i) => (given[positional[i]!.name] = evalArg(a, env)));
  for (const [k, v] of op.named) given[k] = evalArg(v, env);
  return withDefaults(kind.attrs, given);
}

function simLayer(op: LayerOp, shape: Shape, env: Env): Shape | null {
  const kind = findLayer(op.kind)!;
  const attrs = attrsOf(op, env)!;
  if (kind.tfjsUnsupported?.(shape, attrs)) return null;
  const r = kind.inferShape([shape], attrs);
  if ('error' in r) return null;
  if (r.shape.some((d) => !Number.isInteger(d) || d < 1) || size(r.shape) > MAX_VALUES) return null;
  return r.shape;
}

function simItem(item: Item, shape: Shape, env: Env): Shape | null {
  switch (item.t) {
    case 'layer':
      return simLayer(item, shape, env);
    case 'call': {
      const inner: Env = {};
      item.block.params.forEach((p, i) => (inner[p] = evalArg(item.args[i]!, env) as number));
      return simStmts(item.block.body, shape, inner);
    }
    case 'repeat': {
      let s: Shape | null = shape;
      for (let i = 0; i < (evalArg(item.n, env) as number) && s; i++) s = simStmts(item.body, s, env);
      return s;
    }
    case 'residual': {
      const body = simStmts(item.body, shape, env);
      const sc = item.shortcut ? simStmts([item.shortcut], shape, env) : shape;
      return body && sc && same(body, sc) ? body : null;
    }
    case 'merge': {
      const outs = item.branches.map((b) => simStmts(b, shape, env));
      if (outs.some((o) => !o)) return null;
      const concat = findLayer(item.kw)!;
      const attrs: Attrs = item.kw === 'concat' ? { axis: item.axis === undefined ? -1 : (evalArg(item.axis, env) as number) } : {};
      const r = concat.inferShape(outs as Shape[], attrs);
      return 'error' in r || size(r.shape) > MAX_VALUES ? null : r.shape;
    }
  }
}

function simStmts(stmts: Stmt[], shape: Shape, env: Env): Shape | null {
  let s: Shape | null = shape;
  for (const stmt of stmts) for (const item of stmt) if (s) s = simItem(item, s, env);
  return s;
}

class Generator {
  readonly r: () => number;
  blocks: Block[] = [];
  lets: { name: string; value: number }[] = [];
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  /** A count: a literal, a let, an expression, or the block parameter. */
  count(lo: number, hi: number, param?: string): Arg {
    const v = this.int(lo, hi);
    const roll = this.r();
    if (param && roll < 0.5) return { param, times: this.chance(0.7) ? 1 : 2 };
    if (roll < 0.6 && this.lets.length) {
      const l = this.pick(this.lets);
      return { expr: l.name, value: l.value };
    }
    if (roll < 0.7) return { expr: `${v - 1} + 1`, value: v };
    if (roll < 0.75) return { expr: `max(1, ${v})`, value: v };
    if (roll < 0.8 && v % 2 === 0) return { expr: `${v * 2} / 2`, value: v };
    return v;
  }
  spatial(lo: number, hi: number, rank: number): Arg {
    if (rank > 1 && this.chance(0.25)) return Array.from({ length: rank }, () => this.int(lo, hi));
    return this.int(lo, hi);
  }
  bias(named: [string, Arg][], mods: string[]): void {
    const roll = this.r();
    if (roll < 0.1) named.push(['bias', false]);
    else if (roll < 0.2) mods.push('nobias');
    // An activation argument, as a string or as the layer (`linear` still lets a later activation fuse).
    if (this.chance(0.2)) {
      const act = this.pick(ACTIVATIONS);
      named.push(['activation', this.chance(0.5) ? { str: act } : { sym: act }]);
    }
  }
  regularizer(mods: string[]): void {
    const roll = this.r();
    if (roll < 0.1) mods.push('l2(0.001)');
    else if (roll < 0.15) mods.push('l1(f = 0.01)');
    else if (roll < 0.2) mods.push('l1l2(l1 = 0.01, l2 = 0.02)');
  }
  padding(named: [string, Arg][]): void {
    if (this.chance(0.5)) named.push(['padding', { sym: this.pick(['same', 'valid']) }]);
  }

  /** A random layer op for an input of `shape`, not yet checked. */
  layer(shape: Shape, param?: string): LayerOp {
    const rank = shape.length;
    const byRank: Record<number, string[]> = {
      1: ['dense', 'dense', 'bn', 'ln', 'dropout', 'act', 'leaky_relu', 'reshape', 'identity', 'flatten'],
      2: ['dense', 'conv', 'conv', 'maxpool', 'avgpool', 'gap', 'gmp', 'flatten', 'rnn', 'lstm', 'gru', 'bn', 'ln', 'dropout', 'act', 'reshape'],
      3: ['conv', 'conv', 'dwconv', 'sepconv', 'deconv', 'maxpool', 'avgpool', 'gap', 'gmp', 'flatten', 'zeropad', 'upsample', 'bn', 'ln', 'dropout', 'act', 'leaky_relu', 'reshape', 'identity'],
      4: ['conv', 'maxpool', 'avgpool', 'flatten', 'bn', 'dropout', 'act', 'reshape'],
    };
    const kind = this.pick(byRank[rank] ?? ['flatten']);
    const pos: Arg[] = [];
    const named: [string, Arg][] = [];
    const mods: string[] = [];
    const spatialRank = Math.max(rank - 1, 1);
    switch (kind) {
      case 'dense':
        pos.push(this.count(1, 12, param));
        this.bias(named, mods);
        break;
      case 'conv':
      case 'sepconv':
      case 'deconv':
      case 'dwconv': {
        if (kind !== 'dwconv') pos.push(this.count(1, 8, param));
        const kernel = this.spatial(1, 3, kind === 'conv' ? spatialRank : 2);
        if (this.chance(0.6)) {
          if (kind === 'dwconv') pos.push(kernel);
          else if (this.chance(0.5)) pos.push(kernel);
          else named.push(['kernel', kernel]);
        }
        const strided = this.chance(0.3);
        if (strided) named.push(['stride', this.spatial(1, 2, kind === 'conv' ? spatialRank : 2)]);
        this.padding(named);
        if (!strided && (kind === 'conv' || kind === 'sepconv') && this.chance(0.2)) named.push(['dilation', 2]);
        if ((kind === 'dwconv' || kind === 'sepconv') && this.chance(0.3)) named.push(['multiplier', 2]);
        this.bias(named, mods);
        break;
      }
      case 'maxpool':
      case 'avgpool':
        if (this.chance(0.6)) pos.push(this.spatial(1, 3, spatialRank));
        if (this.chance(0.3)) named.push(['stride', this.spatial(1, 2, spatialRank)]);
        this.padding(named);
        break;
      case 'reshape': {
        const n = size(shape);
        const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0 && d < n && d > 1);
        const roll = this.r();
        if (roll < 0.25 || !divisors.length) pos.push(this.chance(0.5) ? n : -1);
        else if (roll < 0.6) {
          const a = this.pick(divisors);
          pos.push(a, this.chance(0.5) ? n / a : -1);
        } else {
          const a = this.pick(divisors);
          const rest = divisors.filter((d) => (n / a) % d === 0 && d < n / a);
          const b = rest.length ? this.pick(rest) : 1;
          pos.push(a, b, this.chance(0.5) ? n / a / b : -1);
        }
        break;
      }
      case 'zeropad':
        pos.push(this.pick<Arg>([1, [1, 2], [[0, 1], [1, 0]], 2]));
        break;
      case 'upsample':
        if (this.chance(0.6)) pos.push(this.pick<Arg>([2, [1, 2], [2, 1]]));
        if (this.chance(0.3)) named.push(['interpolation', { sym: this.pick(['nearest', 'bilinear']) }]);
        break;
      case 'dropout':
        pos.push(this.pick([0, 0.1, 0.25, 0.5]));
        break;
      case 'bn':
        if (this.chance(0.2)) named.push(['momentum', 0.9]);
        if (this.chance(0.2)) named.push(['epsilon', { expr: '1e-5', value: 1e-5 }]);
        if (this.chance(0.2)) named.push(['center', false]);
        if (this.chance(0.2)) named.push(['scale', false]);
        break;
      case 'ln':
        if (this.chance(0.2)) named.push(['epsilon', 0.01]);
        if (this.chance(0.2)) named.push(['center', false]);
        if (this.chance(0.2)) named.push(['scale', false]);
        break;
      case 'leaky_relu':
        if (this.chance(0.5)) pos.push(this.pick([0.1, 0.2, 0.3]));
        break;
      case 'rnn':
      case 'lstm':
      case 'gru':
        pos.push(this.count(1, 6, param));
        if (this.chance(0.5)) named.push(['sequences', this.chance(0.5)]);
        if (kind === 'gru') named.push(['reset_after', false]);
        if (this.chance(0.15)) named.push(['bias', false]);
        break;
    }
    const op: LayerOp = { t: 'layer', kind: kind === 'act' ? this.pick(ACTIVATIONS) : kind, pos, named, mods };
    if (KERNEL_KINDS.has(op.kind)) {
      const late: string[] = [];
      this.regularizer(this.chance(0.5) ? mods : late);
      if (late.length) op.lateMods = late;
    }
    return op;
  }

  /** A layer valid on `shape`, or undefined after some tries. */
  validLayer(shape: Shape, env: Env, param?: string, preserve = false): { op: LayerOp; out: Shape } | undefined {
    for (let i = 0; i < 30; i++) {
      const op = preserve && i % 3 === 0 ? this.preservingLayer(shape, param) : this.layer(shape, param);
      const out = simLayer(op, shape, env);
      if (out && (!preserve || same(out, shape))) return { op, out };
    }
    return undefined;
  }

  /** A layer likely to keep the shape (so it fits residual bodies, add branches and repeats). */
  preservingLayer(shape: Shape, _param?: string): LayerOp {
    const c = shape.at(-1)!;
    const rank = shape.length;
    const options: LayerOp[] = [
      { t: 'layer', kind: this.pick(ACTIVATIONS), pos: [], named: [], mods: [] },
      { t: 'layer', kind: 'bn', pos: [], named: [], mods: [] },
      { t: 'layer', kind: 'dropout', pos: [0.1], named: [], mods: [] },
    ];
    if (rank <= 2) options.push({ t: 'layer', kind: 'dense', pos: [c], named: [], mods: this.chance(0.3) ? ['l2(0.01)'] : [] });
    if (rank >= 2) options.push({ t: 'layer', kind: 'conv', pos: [c, this.int(1, 3)], named: [['padding', { sym: 'same' }]], mods: [] });
    if (rank === 3) {
      options.push({ t: 'layer', kind: 'sepconv', pos: [c], named: [['padding', { sym: 'same' }]], mods: [] });
      options.push({ t: 'layer', kind: 'dwconv', pos: [], named: [['padding', { sym: 'same' }]], mods: ['nobias'] });
      options.push({ t: 'layer', kind: 'deconv', pos: [c, 2], named: [['padding', { sym: 'same' }]], mods: [] });
    }
    // The orthogonal initializer of a wide recurrent kernel is slow: keep recurrent layers narrow.
    if (rank === 2 && c <= 12) options.push({ t: 'layer', kind: 'lstm', pos: [c], named: [['sequences', true]], mods: [] });
    return this.pick(options);
  }

  /** Statements from `shape`; returns them and the output shape. */
  stmts(shape: Shape, env: Env, n: number, depth: number, param?: string, preserve = false): { stmts: Stmt[]; out: Shape } {
    const stmts: Stmt[] = [];
    let s = shape;
    for (let i = 0; i < n; i++) {
      const r = this.stmt(s, env, depth, param, preserve);
      if (!r) continue;
      stmts.push(r.stmt);
      s = r.out;
    }
    return { stmts, out: s };
  }

  stmt(shape: Shape, env: Env, depth: number, param?: string, preserve = false): { stmt: Stmt; out: Shape } | undefined {
    const roll = this.r();
    if (depth < 2 && roll < 0.35) {
      const c = this.compound(shape, env, depth + 1, param, preserve);
      if (c) {
        if (this.chance(0.3)) {
          const tail = this.validLayer(c.out, env, param, true);
          if (tail) return { stmt: [c.item, tail.op], out: tail.out };
        }
        return { stmt: [c.item], out: c.out };
      }
    }
    const chain: Stmt = [];
    let s = shape;
    const len = this.int(1, 3);
    for (let i = 0; i < len; i++) {
      const l = this.validLayer(s, env, param, preserve);
      if (!l) break;
      chain.push(l.op);
      s = l.out;
    }
    return chain.length ? { stmt: chain, out: s } : undefined;
  }

  compound(shape: Shape, env: Env, depth: number, param: string | undefined, preserve: boolean): { item: Item; out: Shape } | undefined {
    const which = this.pick(['repeat', 'residual', 'residual', 'add', 'concat', 'concat', 'block', 'block']);
    let item: Item | undefined;
    if (which === 'repeat') {
      const body = this.stmts(shape, env, this.int(1, 2), depth, param, true).stmts;
      item = { t: 'repeat', n: this.chance(0.2) ? { expr: '1 + 1', value: 2 } : this.int(0, 3), body };
    } else if (which === 'residual') item = this.residual(shape, env, depth, param);
    else if (which === 'add') {
      const branches = Array.from({ length: this.int(2, 3) }, () => this.branch(shape, env, depth, param, true));
      item = { t: 'merge', kw: 'add', branches };
    } else if (which === 'concat' && !preserve) item = this.concat(shape, env, depth, param);
    else if (which === 'block' && !param) item = this.blockCall(shape, env, depth, preserve);
    if (!item) return undefined;
    const out = simItem(item, shape, env);
    if (!out || (preserve && !same(out, shape))) return undefined;
    return { item, out };
  }

  branch(shape: Shape, env: Env, depth: number, param: string | undefined, preserve: boolean): Stmt[] {
    if (this.chance(0.25)) return [[{ t: 'layer', kind: 'identity', pos: [], named: [], mods: [] }]];
    const b = this.stmts(shape, env, this.int(1, 2), depth, param, preserve).stmts;
    return b.length ? b : [[{ t: 'layer', kind: 'identity', pos: [], named: [], mods: [] }]];
  }

  residual(shape: Shape, env: Env, depth: number, param: string | undefined): Residual | undefined {
    if (this.chance(0.55)) return { t: 'residual', body: this.stmts(shape, env, this.int(1, 3), depth, param, true).stmts };
    const { stmts: body, out } = this.stmts(shape, env, this.int(1, 2), depth, param);
    const rank = shape.length;
    const candidates: LayerOp[][] = [];
    if (rank === out.length && rank <= 2 && same(shape.slice(0, -1), out.slice(0, -1))) {
      candidates.push([{ t: 'layer', kind: 'dense', pos: [out.at(-1)!], named: [], mods: [] }]);
    }
    if (rank === out.length && rank >= 2) {
      for (let st = 1; st <= 3; st++) {
        for (const pad of ['same', 'valid']) {
          candidates.push([{ t: 'layer', kind: 'conv', pos: [out.at(-1)!, 1], named: [['stride', st], ['padding', { sym: pad }]], mods: [] }]);
        }
      }
    }
    const fits = candidates.filter((sc) => { const o = simStmts([sc], shape, env); return o && same(o, out); });
    if (!fits.length) return { t: 'residual', body: this.stmts(shape, env, 1, depth, param, true).stmts };
    const sc = this.pick(fits);
    if (this.chance(0.4)) sc.push({ t: 'layer', kind: 'bn', pos: [], named: [], mods: [] });
    return { t: 'residual', shortcut: sc, body };
  }

  concat(shape: Shape, env: Env, depth: number, param: string | undefined): Merge | undefined {
    const rank = shape.length;
    const roll = this.r();
    if (rank >= 2 && roll < 0.3) {
      // Join on a sample axis other than the channels: branches keep the shape.
      const axisIndex = this.int(0, rank - 2);
      const axis: Arg = this.chance(0.5) ? axisIndex + 1 : axisIndex - rank;
      const branches = Array.from({ length: this.int(2, 3) }, () => this.branch(shape, env, depth, param, true));
      return { t: 'merge', kw: 'concat', axis, branches };
    }
    // Join on the channels: branches may change only the last axis.
    const branches: Stmt[][] = [];
    for (let i = 0; i < this.int(2, 3); i++) {
      const c = this.int(1, 6);
      const op: LayerOp =
        rank <= 2 && this.chance(0.6)
          ? { t: 'layer', kind: 'dense', pos: [c], named: [], mods: [] }
          : rank >= 2
            ? { t: 'layer', kind: 'conv', pos: [c, this.int(1, 3)], named: [['padding', { sym: 'same' }]], mods: this.chance(0.3) ? ['nobias'] : [] }
            : { t: 'layer', kind: 'identity', pos: [], named: [], mods: [] };
      branches.push(this.chance(0.3) ? this.branch(shape, env, depth, param, true) : this.chance(0.3) ? [[op, { t: 'layer', kind: 'relu', pos: [], named: [], mods: [] }]] : [[op]]);
    }
    const axis: Arg | undefined = this.pick<Arg | undefined>([undefined, -1, rank]);
    return { t: 'merge', kw: 'concat', ...(axis === undefined ? {} : { axis }), branches };
  }

  blockCall(shape: Shape, env: Env, depth: number, preserve: boolean): BlockCall | undefined {
    const f = this.int(1, 6);
    const existing = this.blocks.filter((b) => simStmts(b.body, shape, { f }) !== null);
    if (existing.length && this.chance(0.6)) return { t: 'call', block: this.pick(existing), args: [f], named: this.chance(0.3) };
    if (this.blocks.length >= 3) return undefined;
    const body = this.stmts(shape, { f }, this.int(1, 3), depth, 'f', preserve).stmts;
    if (!body.length) return undefined;
    const block: Block = { name: `blk${this.blocks.length}`, params: ['f'], body };
    this.blocks.push(block);
    void env;
    return { t: 'call', block, args: [f], named: this.chance(0.3) };
  }

  inputShape(): { shape: Shape; int: boolean } {
    const roll = this.r();
    if (roll < 0.2) return { shape: [this.int(4, 16)], int: false };
    if (roll < 0.4) return { shape: [this.int(3, 8), this.int(2, 6)], int: false };
    if (roll < 0.8) return { shape: [this.int(4, 10), this.int(4, 10), this.int(1, 4)], int: false };
    if (roll < 0.9) return { shape: [this.int(3, 5), this.int(3, 5), this.int(3, 5), this.int(1, 2)], int: false };
    return { shape: this.chance(0.5) ? [this.int(3, 8)] : [this.int(2, 4), this.int(2, 4)], int: true };
  }
}

function renderItem(item: Item, indent: string): string {
  switch (item.t) {
    case 'layer': {
      const args = [...item.pos.map(renderArg), ...item.named.map(([k, v]) => `${k} = ${renderArg(v)}`)];
      return [args.length ? `${item.kind}(${args.join(', ')})` : item.kind, ...item.mods].join(' + ');
    }
    case 'call': {
      const args = item.args.map((a, i) => (item.named ? `${item.block.params[i]} = ${renderArg(a)}` : renderArg(a)));
      return `${item.block.name}(${args.join(', ')})`;
    }
    case 'repeat':
      return `repeat(${renderArg(item.n)}) ${renderBody(item.body, indent)}`;
    case 'residual': {
      const sc = item.shortcut ? `(shortcut = ${item.shortcut.map((l) => renderItem(l, indent)).join(' + ')})` : '';
      return `residual${sc} ${renderBody(item.body, indent)}`;
    }
    case 'merge': {
      const head = item.kw === 'concat' && item.axis !== undefined ? `concat(axis = ${renderArg(item.axis)})` : item.kw;
      const inner = indent + '  ';
      const branches = item.branches.map((b) => (b.length === 1 ? inner + renderStmt(b[0]!, inner) : inner + renderBody(b, inner)));
      return `${head} {\n${branches.join('\n')}\n${indent}}`;
    }
  }
}

function renderStmt(stmt: Stmt, indent: string): string {
  const parts: string[] = [];
  stmt.forEach((item, i) => {
    parts.push(renderItem(item, indent));
    const prev = stmt[i - 1];
    // A modifier may follow a non-kernel layer: it still applies to the kernel layer before it.
    if (prev?.t === 'layer' && prev.lateMods && item.t === 'layer' && !KERNEL_KINDS.has(item.kind)) parts.push(...prev.lateMods);
  });
  const last = stmt.at(-1);
  if (last?.t === 'layer' && last.lateMods) parts.push(...last.lateMods);
  return parts.join(' + ');
}

function renderBody(stmts: Stmt[], indent: string): string {
  const inner = indent + '  ';
  if (stmts.length === 0) return '{ identity }';
  return `{\n${stmts.map((s) => inner + renderStmt(s, inner)).join('\n')}\n${indent}}`;
}

/** A valid .nn file of one to three models, from `seed`. */
export function randomSpec(seed: number): string {
  const g = new Generator(seed);
  const lines: string[] = [`# random spec, seed ${seed}`];
  if (g.chance(0.5)) {
    g.lets.push({ name: 'width', value: g.int(2, 8) });
    lines.push(`let width = ${g.lets[0]!.value}`);
  }
  const models: string[] = [];
  const nModels = g.int(1, 2);
  for (let m = 0; m < nModels; m++) {
    const input = g.inputShape();
    const body: string[] = [];
    let shape = input.shape;
    body.push(`input(${input.shape.join(', ')}${input.int ? ', dtype = "int32"' : ''})`);
    if (input.int) {
      const dim = g.int(2, 6);
      body.push(`embedding(${g.int(5, 30)}, ${dim})`);
      shape = [...shape, dim];
    }
    const { stmts, out } = g.stmts(shape, {}, g.int(2, 6), 0);
    body.push(...stmts.map((s) => renderStmt(s, '  ')));
    const withParam = out.length <= 2 && g.chance(0.4);
    if (withParam) body.push(`dense(units) + ${g.pick(['softmax', 'sigmoid', 'linear'])}`);
    if (g.chance(0.3)) {
      body.push('train {', `  optimizer: ${g.pick(['adam', 'sgd(lr = 0.1, momentum = 0.9)', 'rmsprop(lr = 0.01)', 'adagrad', 'adamax', 'adadelta'])}`, '  loss: mse', '  batch: 4', '}');
    }
    const name = `m${m}`;
    models.push(`model ${name}${withParam ? `(units = ${g.int(1, 5)})` : ''} {\n${body.map((l) => '  ' + l).join('\n')}\n}`);
    if (withParam && g.chance(0.6)) models.push(`model ${name}_v = ${name}(units = ${g.int(1, 5)})`);
  }
  for (const b of g.blocks) lines.push(`block ${b.name}(${b.params.join(', ')}) ${renderBody(b.body, '')}`);
  return [...lines, ...models].join('\n\n') + '\n';
}
