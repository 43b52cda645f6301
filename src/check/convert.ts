// Converts evaluated values to attribute values of a declared type, reporting precisely what is
// wrong: a non-integer where an integer is required is an error, never rounded silently.
import type { Span } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import type { AttrType, AttrValue } from '../layers/types.js';
import type { Evaluator } from './evaluate.js';
import { describeShort } from './evaluate.js';
import { limits } from './limits.js';
import * as N from './num.js';
import { lookupDecl, type Env, type Value } from './values.js';
import { findLayer } from '../layers/registry.js';

/** `what` names the argument in messages: "conv filters". */
export interface ConvertContext {
  ev: Evaluator;
  env: Env;
  what: string;
  span: Span;
}

const FAIL = Symbol('fail');
type Result = AttrValue | typeof FAIL;

export function convert(v: Value, type: AttrType, cx: ConvertContext): AttrValue | undefined {
  const r = convertValue(v, type, cx);
  return r === FAIL ? undefined : r;
}

function convertValue(v: Value, type: AttrType, cx: ConvertContext): Result {
  if (v.k === 'error') return FAIL;
  switch (type.t) {
    case 'int':
      return toInt(v, cx, type.min ?? 1, type.max);
    case 'number':
      return toNumber(v, type, cx);
    case 'bool':
      return v.k === 'bool' ? v.v : mismatch(v, 'true or false', cx);
    case 'symbol':
      return toSymbol(v, type.values, cx);
    case 'string':
      if (v.k === 'str' || v.k === 'sym') return type.values ? toSymbol(v, type.values, cx) : v.k === 'str' ? v.v : v.name;
      return mismatch(v, 'a string', cx);
    case 'ints':
      if (v.k === 'tuple') return all(v.items.map((x) => toInt(x, cx, type.min ?? 1)));
      return toInt(v, cx, type.min ?? 1);
    case 'padding':
      return toPadding(v, cx);
    case 'dims':
      if (v.k === 'tuple') return all(v.items.map((x) => toDim(x, cx)));
      return mismatch(v, 'a list of sizes', cx);
    case 'regularizer':
      cx.ev.diags.error('NN0205', cx.span, `${cx.what} is set with the modifiers l1, l2 and l1l2, not as an argument`, 'write conv(64) + l2(0.001)');
      return FAIL;
  }
}

const all = (items: Result[]): Result => (items.includes(FAIL) ? FAIL : (items as AttrValue[]));

function mismatch(v: Value, expected: string, cx: ConvertContext): typeof FAIL {
  if (v.k === 'sym') {
    cx.ev.unknownName(v.name, v.span, cx.env);
    return FAIL;
  }
  cx.ev.diags.error('NN0205', cx.span, `${cx.what} must be ${expected}, got ${describeShort(v)}`);
  return FAIL;
}

function toInt(v: Value, cx: ConvertContext, min: number, max: number = limits.maxInt): Result {
  if (v.k === 'error') return FAIL;
  if (v.k !== 'num') return mismatch(v, 'an integer', cx);
  if (!N.isInteger(v.v)) {
    const hint = 'choose the rounding with round(...), floor(...) or ceil(...)';
    cx.ev.diags.error('NN0206', cx.span, `${cx.what} must be an integer, got ${N.formatNum(v.v)}`, hint);
    return FAIL;
  }
  if (v.v.n > BigInt(max) && max === limits.maxInt) {
    cx.ev.diags.error('NN0904', cx.span, `${cx.what} is ${v.v.n}, more than the limit of ${max}`);
    return FAIL;
  }
  const i = Number(v.v.n);
  if (i < min || i > max) return outOfRange(i, min, max, cx);
  return i;
}

function outOfRange(i: number, min: number, max: number, cx: ConvertContext): typeof FAIL {
  const range = max >= limits.maxInt ? `at least ${min}` : `between ${min} and ${max}`;
  cx.ev.diags.error('NN0207', cx.span, `${cx.what} must be ${range}, got ${i}`);
  return FAIL;
}

function toDim(v: Value, cx: ConvertContext): Result {
  if (v.k === 'num' && N.isInteger(v.v) && v.v.n === -1n) return -1;
  return toInt(v, cx, 1);
}

function toNumber(v: Value, type: Extract<AttrType, { t: 'number' }>, cx: ConvertContext): Result {
  if (v.k !== 'num') return mismatch(v, 'a number', cx);
  const x = N.toNumber(v.v);
  const { min, max } = type;
  const tooHigh = max !== undefined && (type.maxExclusive ? x >= max : x > max);
  if ((min !== undefined && x < min) || tooHigh || !Number.isFinite(x)) {
    const upper = max === undefined ? '' : type.maxExclusive ? ` and below ${max}` : ` and at most ${max}`;
    const lower = min === undefined ? 'finite' : `at least ${min}`;
    cx.ev.diags.error('NN0207', cx.span, `${cx.what} must be ${lower}${upper}, got ${N.formatNum(v.v)}`);
    return FAIL;
  }
  return x;
}

/** The activation a layer value stands for (`softmax`, or a parameter bound to it); undefined for any other value. */
function activationOf(v: Value): string | undefined {
  if (v.k !== 'chain' || v.items.length !== 1) return undefined;
  const { expr, env } = v.items[0]!;
  const name = expr.kind === 'name' ? expr.name : expr.kind === 'call' && expr.args.length === 0 ? expr.callee.name : undefined;
  if (name === undefined || lookupDecl(env.scope, name)) return undefined;
  return findLayer(name)?.family === 'activation' ? name : undefined;
}

function toSymbol(v: Value, values: readonly string[], cx: ConvertContext): Result {
  // An activation is one concept: `activation = softmax` means `activation = "softmax"`.
  const name = v.k === 'sym' ? v.name : v.k === 'str' ? v.v : activationOf(v);
  if (name === undefined) {
    cx.ev.diags.error('NN0205', cx.span, `${cx.what} must be one of ${values.join(', ')}; got ${describeShort(v)}`);
    return FAIL;
  }
  if (values.includes(name)) return name;
  const close = suggest(name, values);
  const hint = close ? `did you mean '${close}'?` : `expected one of ${values.join(', ')}`;
  cx.ev.diags.error('NN0208', cx.span, `'${name}' is not a valid value for ${cx.what}`, hint);
  return FAIL;
}

function toPadding(v: Value, cx: ConvertContext): Result {
  if (v.k !== 'tuple') return toInt(v, cx, 0);
  if (v.items.length !== 2) {
    cx.ev.diags.error('NN0210', cx.span, `${cx.what} must be p, (h, w) or ((top, bottom), (left, right)); got a tuple of ${v.items.length}`);
    return FAIL;
  }
  return all(v.items.map((x) => (x.k === 'tuple' ? toPair(x, cx) : toInt(x, cx, 0))));
}

function toPair(v: Extract<Value, { k: 'tuple' }>, cx: ConvertContext): Result {
  if (v.items.length !== 2) {
    cx.ev.diags.error('NN0210', cx.span, `${cx.what}: each side must be a pair (before, after); got a tuple of ${v.items.length}`);
    return FAIL;
  }
  return all(v.items.map((x) => toInt(x, cx, 0)));
}
