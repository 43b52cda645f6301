// Evaluates expressions to values: exact numbers, booleans, strings, symbols, tuples and
// layer chains. Layer expressions are not expanded here; they become chain items closed over
// their environment and are expanded where they are used (expand.ts).
import type { Diagnostics, Span } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import { findLayer, layers } from '../layers/registry.js';
import type { Call, Expr, NameRef } from '../syntax/ast.js';
import { limits } from './limits.js';
import { findModifier, modifiers } from './modifiers.js';
import * as N from './num.js';
import { ERROR, lookupDecl, type Env, type Value } from './values.js';

const FUNCTIONS = ['round', 'floor', 'ceil', 'min', 'max'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

/** Thrown to abandon a model that hit a limit; caught by the model's compilation, never escapes. */
export class LimitReached extends Error {}

const TOO_BIG = 10n ** BigInt(limits.maxDigits);
const tooBig = (x: N.Num): boolean => x.n >= TOO_BIG || -x.n >= TOO_BIG || x.d >= TOO_BIG;

export class Evaluator {
  private depth = 0;
  private readonly evaluatingLets = new Set<string>();
  /** Steps of work this compilation has taken (see limits.maxWork). */
  private work = 0;
  private overrun = false;
  /** Where running out of work is reported: the statement or declaration being compiled. */
  site: Span | undefined;
  /** Leaves of each tuple value, so nesting tuples cannot hide exponential size. */
  private readonly leaves = new WeakMap<Value, number>();

  constructor(readonly diags: Diagnostics) {}

  /** Takes `units` steps of work; past the limit, reports NN0907 once and abandons the model. */
  spend(units: number, at?: Span): void {
    this.work += units;
    if (this.work > limits.maxWork) this.outOfWork(this.site ?? at, 'compiling this');
  }

  /** Reports running out of work (once per compilation) and abandons the model. */
  outOfWork(at: Span | undefined, what: string): never {
    if (!this.overrun && at) this.diags.error('NN0907', at, workMessage(what), WORK_HINT);
    this.overrun = true;
    throw new LimitReached();
  }

  /** Steps of work left. */
  get workLeft(): number {
    return limits.maxWork - this.work;
  }

  /** Runs `f` one level deeper, reporting NN0905 (once) and giving up past the depth limit. */
  nested<T>(span: Expr['span'], f: () => T): T {
    if (this.depth >= limits.maxDepth) {
      this.diags.error('NN0905', span, `definitions are nested more than ${limits.maxDepth} deep here`);
      throw new LimitReached();
    }
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  eval(expr: Expr, env: Env): Value {
    this.spend(1, expr.span);
    switch (expr.kind) {
      case 'number': {
        const v = N.parseNum(expr.text);
        if (v) return { k: 'num', v };
        this.diags.error('NN0904', expr.span, `the number ${expr.text} is too large to use`);
        return ERROR;
      }
      case 'string':
        return { k: 'str', v: expr.value };
      case 'bool':
        return { k: 'bool', v: expr.value };
      case 'name':
        return this.name(expr, env);
      case 'call':
        return this.call(expr, env);
      case 'negate': {
        const v = this.eval(expr.operand, env);
        if (v.k === 'num') return { k: 'num', v: N.neg(v.v) };
        if (v.k !== 'error') this.diags.error('NN0205', expr.span, `'-' needs a number, got ${describeShort(v)}`);
        return ERROR;
      }
      case 'binary':
        return this.binary(expr, env);
      case 'tuple':
        return this.tuple(expr.items.map((e) => this.eval(e, env)), expr.span);
      case 'compound':
      case 'group':
        return { k: 'chain', items: [{ expr, env }] };
    }
  }

  /** A tuple value; its leaves are paid for, since later stages may walk each. */
  tuple(items: Value[], span: Span): Value {
    let leaves = 1;
    for (const v of items) leaves += this.leaves.get(v) ?? 1;
    this.spend(leaves, span);
    const t: Value = { k: 'tuple', items };
    this.leaves.set(t, leaves);
    return t;
  }

  /** Every name visible from `env`, for "did you mean" suggestions. */
  visibleNames(env: Env): string[] {
    return [...env.locals.keys(), ...env.scope.own.keys(), ...env.scope.imported.keys()];
  }

  private name(expr: NameRef, env: Env): Value {
    const local = env.locals.get(expr.name);
    if (local) return local;
    const found = lookupDecl(env.scope, expr.name);
    if (found) {
      const { decl, scope } = found;
      if (decl.kind === 'let') return this.letValue(decl.name.name, scope, expr);
      if (decl.kind === 'block') return { k: 'chain', items: [{ expr, env }] };
      this.diags.error('NN0108', expr.span, `'${expr.name}' is a model; a model cannot be used as a layer or value`);
      return ERROR;
    }
    if (findLayer(expr.name) || findModifier(expr.name)) return { k: 'chain', items: [{ expr, env }] };
    return { k: 'sym', name: expr.name, span: expr.span };
  }

  private letValue(name: string, scope: Env['scope'], at: NameRef): Value {
    const cached = scope.letValues.get(name);
    if (cached) return cached;
    const key = `${scope.file}\0${name}`;
    if (this.evaluatingLets.has(key)) {
      this.diags.error('NN0106', at.span, `'${name}' is defined in terms of itself`);
      return ERROR;
    }
    const decl = scope.own.get(name);
    if (!decl || decl.kind !== 'let') return ERROR;
    this.evaluatingLets.add(key);
    const site = this.site;
    this.site = decl.span; // running out of work here is this let's doing
    try {
      const v = this.nested(at.span, () => this.eval(decl.value, { scope, locals: new Map() }));
      scope.letValues.set(name, v);
      return v;
    } catch (e) {
      scope.letValues.set(name, ERROR); // reported once; later uses see an invalid value
      throw e;
    } finally {
      this.evaluatingLets.delete(key);
      this.site = site;
    }
  }

  private call(expr: Call, env: Env): Value {
    const name = expr.callee.name;
    if (env.locals.has(name)) {
      this.diags.error('NN0108', expr.callee.span, `'${name}' is a parameter; it cannot be called`);
      return ERROR;
    }
    const found = lookupDecl(env.scope, name);
    if (found) {
      if (found.decl.kind === 'block') return { k: 'chain', items: [{ expr, env }] };
      const what = found.decl.kind === 'let' ? 'a let' : 'a model';
      const hint = found.decl.kind === 'let' ? undefined : `to build on it, declare a variant: model other = ${name}(...)`;
      this.diags.error('NN0108', expr.callee.span, `'${name}' is ${what}; it cannot be called`, hint);
      return ERROR;
    }
    if ((FUNCTIONS as readonly string[]).includes(name)) return this.func(name as FunctionName, expr, env);
    if (name === 'input' || findLayer(name) || findModifier(name)) return { k: 'chain', items: [{ expr, env }] };
    this.unknownLayer(name, expr.callee.span, env);
    return ERROR;
  }

  /** Reports a name used as a layer that is no layer, modifier or block, suggesting the closest. */
  unknownLayer(name: string, span: NameRef['span'], env: Env): void {
    const blocks = [...env.scope.own, ...[...env.scope.imported].map(([n, d]) => [n, d.decl] as const)].filter(([, d]) => d.kind === 'block');
    const candidates = [...layers.map((l) => l.name), ...modifiers.map((m) => m.name), ...blocks.map(([n]) => n)];
    this.spend(candidates.length, span);
    const close = suggest(name, candidates);
    this.diags.error('NN0102', span, `unknown layer '${name}'`, close ? `did you mean '${close}'?` : undefined);
  }

  private func(name: FunctionName, expr: Call, env: Env): Value {
    const named = expr.args.find((a) => a.name);
    if (named?.name) {
      this.diags.error('NN0201', named.name.span, `${name}() takes no named arguments`);
      return ERROR;
    }
    const values = expr.args.map((a) => this.eval(a.value, env));
    if (values.some((v) => v.k === 'error')) return ERROR;
    const nums: N.Num[] = [];
    for (const [i, v] of values.entries()) {
      if (v.k !== 'num') {
        this.diags.error('NN0205', expr.args[i]!.span, `${name}() needs numbers, got ${describeShort(v)}`);
        return ERROR;
      }
      nums.push(v.v);
    }
    const unary = name === 'round' || name === 'floor' || name === 'ceil';
    if ((unary && nums.length !== 1) || nums.length === 0) {
      const want = unary ? 'exactly one number' : 'at least one number';
      this.diags.error(nums.length === 0 ? 'NN0202' : 'NN0203', expr.span, `${name}() takes ${want}`);
      return ERROR;
    }
    if (name === 'min' || name === 'max') {
      const pick = nums.reduce((a, b) => (N.cmp(a, b) * (name === 'min' ? 1 : -1) <= 0 ? a : b));
      return { k: 'num', v: pick };
    }
    return { k: 'num', v: N[name](nums[0]!) };
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, env: Env): Value {
    const l = this.eval(expr.left, env);
    const r = this.eval(expr.right, env);
    if (l.k === 'error' || r.k === 'error') return ERROR;
    if (l.k === 'num' && r.k === 'num') {
      const v = expr.op === '+' ? N.add(l.v, r.v) : expr.op === '-' ? N.sub(l.v, r.v) : expr.op === '*' ? N.mul(l.v, r.v) : N.div(l.v, r.v);
      if (!v) {
        this.diags.error('NN0212', expr.right.span, 'division by zero');
        return ERROR;
      }
      if (!tooBig(v)) return { k: 'num', v };
      this.diags.error('NN0904', expr.span, `this number has more than ${limits.maxDigits.toLocaleString('en-US')} digits`);
      return ERROR;
    }
    if (l.k === 'chain' && r.k === 'chain' && expr.op === '+') {
      this.spend(l.items.length + r.items.length, expr.span);
      return { k: 'chain', items: [...l.items, ...r.items] };
    }
    if (expr.op === '+' && (l.k === 'chain' || r.k === 'chain') && (l.k === 'num' || r.k === 'num')) {
      this.diags.error('NN0211', expr.opSpan, `'+' cannot join a layer and a number`, 'compose layers with layers, and add numbers to numbers');
      return ERROR;
    }
    const bad = l.k !== 'num' && l.k !== 'chain' ? l : r;
    if (bad.k === 'sym') {
      this.unknownName(bad.name, bad.span, env);
      return ERROR;
    }
    const what = l.k === 'chain' || r.k === 'chain' ? 'layers can only be joined with +' : `'${expr.op}' needs numbers`;
    this.diags.error('NN0205', expr.opSpan, `${what}, got ${describeShort(l)} and ${describeShort(r)}`);
    return ERROR;
  }

  /** Reports a bare name that names nothing, where a value was required. */
  unknownName(name: string, span: NameRef['span'], env: Env): void {
    const names = this.visibleNames(env);
    this.spend(names.length, span);
    const close = suggest(name, names);
    this.diags.error('NN0101', span, `unknown name '${name}'`, close ? `did you mean '${close}'?` : undefined);
  }
}

export const WORK_HINT = 'check repeat counts, and blocks or variants that multiply each other';

export function workMessage(what: string): string {
  return `${what} takes more than ${limits.maxWork.toLocaleString('en-US')} steps of work (layers, block calls, repeat iterations and values), the limit of one compilation`;
}

export function describeShort(v: Value): string {
  switch (v.k) {
    case 'num':
      return `${N.formatNum(v.v)}`;
    case 'bool':
      return String(v.v);
    case 'str':
      return `"${v.v}"`;
    case 'sym':
      return `'${v.name}'`;
    case 'tuple':
      return `a tuple`;
    case 'chain':
      return 'a layer';
    case 'error':
      return 'an invalid value';
  }
}
