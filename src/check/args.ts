// Binds the arguments of a call (positional, then named) to declared attributes, filling in
// defaults and converting each value to its attribute's type.
import type { Span } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import type { AttrSpec, Attrs } from '../layers/types.js';
import type { Arg } from '../syntax/ast.js';
import { convert } from './convert.js';
import type { Evaluator } from './evaluate.js';
import type { Env, Value } from './values.js';

export interface Bound {
  attrs: Attrs;
  /** Where each given argument was written, for diagnostics that point at one attribute. */
  spans: AttrSpans;
  ok: boolean;
}

/** Where each given attribute was written (found when a diagnostic asks, not for every call). */
export interface AttrSpans {
  get(name: string): Span | undefined;
}

type Param = { name: string; positional?: boolean; variadic?: boolean };
const positionals = new WeakMap<readonly Param[], readonly number[]>();
/** The indices of the parameters given by position, in order (found once per list of parameters). */
function positionalParams(params: readonly Param[]): readonly number[] {
  let found = positionals.get(params);
  if (!found) {
    const indices: number[] = [];
    for (let i = 0; i < params.length; i++) if (params[i]!.positional !== false) indices.push(i);
    positionals.set(params, (found = indices));
  }
  return found;
}

const paramsOf = new WeakMap<readonly AttrSpec[], Param[]>();

/** Pairs each argument with the parameter it sets; reports unknown, repeated and surplus arguments. */
export function matchArgs(
  params: readonly Param[],
  args: Arg[],
  ev: Evaluator,
  callee: string,
): { matched: Map<string, Arg[]>; ok: boolean } {
  const { given, ok } = matchByIndex(params, args, ev, callee);
  const matched = new Map<string, Arg[]>();
  given.forEach((g, i) => g && matched.set(params[i]!.name, g));
  return { matched, ok };
}

/** matchArgs' pairing, by the index of the parameter: the arguments each parameter was given. */
function matchByIndex(params: readonly Param[], args: Arg[], ev: Evaluator, callee: string): { given: (Arg[] | undefined)[]; ok: boolean } {
  const given: (Arg[] | undefined)[] = new Array(params.length).fill(undefined);
  const positional = positionalParams(params);
  let ok = true;
  let seenNamed = false;
  let pos = 0;
  for (const arg of args) {
    ev.spend(1, arg.span);
    if (arg.name) {
      ev.spend(params.length, arg.span);
      seenNamed = true;
      const name = arg.name.name;
      const i = params.findIndex((p) => p.name === name);
      if (i === -1) {
        const close = suggest(name, params.map((p) => p.name));
        const hint = close ? `did you mean '${close}'?` : params.length ? `${callee} takes: ${params.map((p) => p.name).join(', ')}` : `${callee} takes no arguments`;
        ev.diags.error('NN0201', arg.name.span, `${callee} has no argument '${name}'`, hint);
        ok = false;
      } else if (given[i]) {
        ev.diags.error('NN0204', arg.name.span, `argument '${name}' of ${callee} is given twice`);
        ok = false;
      } else given[i] = [arg];
      continue;
    }
    if (seenNamed) {
      ev.diags.error('NN0209', arg.span, `positional argument after a named one in ${callee}(...)`, 'put positional arguments first');
      ok = false;
      continue;
    }
    const i = positional[pos];
    if (i !== undefined && params[i]!.variadic) {
      (given[i] ??= []).push(arg);
      continue;
    }
    if (i === undefined) {
      const n = positional.length;
      const takes = n === 0 ? 'takes no positional arguments' : `takes at most ${n} positional argument${n === 1 ? '' : 's'} (${positional.map((q) => params[q]!.name).join(', ')})`;
      ev.diags.error('NN0203', arg.span, `${callee} ${takes}`);
      ok = false;
      pos++;
      continue;
    }
    given[i] = [arg];
    pos++;
  }
  return { given, ok };
}

/** Where the arguments given to one attribute were written: one, or from the first to the last (dims). */
function givenSpan(given: Arg[]): Span {
  return given.length === 1 ? given[0]!.value.span : { ...given[0]!.span, end: given[given.length - 1]!.span.end };
}

/** Binds a call's arguments to a layer's or modifier's attributes. */
export function bindAttrs(specs: readonly AttrSpec[], args: Arg[], ev: Evaluator, env: Env, callee: string, callSpan: Span): Bound {
  let params = paramsOf.get(specs);
  if (!params) paramsOf.set(specs, (params = specs.map((s) => ({ name: s.name, positional: !!s.positional, variadic: s.type.t === 'dims' }))));
  const { given: all, ok: matchedOk } = matchByIndex(params, args, ev, callee);
  let ok = matchedOk;
  const attrs: Attrs = {};
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const given = all[i];
    if (!given || given.length === 0) {
      if (spec.default === undefined) {
        const hint = spec.positional ? `write ${callee}(${spec.name === 'units' || spec.name === 'filters' ? '64' : '...'})` : `write ${callee}(${spec.name} = ...)`;
        ev.diags.error('NN0202', callSpan, `${callee} needs '${spec.name}' (${spec.doc})`, hint);
        ok = false;
      } else attrs[spec.name] = spec.default;
      continue;
    }
    const span = givenSpan(given);
    const value: Value =
      spec.type.t === 'dims' && !(given.length === 1 && given[0]!.name)
        ? { k: 'tuple', items: given.map((a) => ev.eval(a.value, env)) }
        : ev.eval(given[0]!.value, env);
    const converted = convert(value, spec.type, { ev, env, what: `${callee} ${spec.name}`, span });
    if (converted === undefined) {
      ok = false;
      attrs[spec.name] = spec.default ?? null;
    } else attrs[spec.name] = converted;
  }
  return { attrs, spans: new GivenSpans(specs, all), ok };
}

class GivenSpans implements AttrSpans {
  constructor(
    private readonly specs: readonly AttrSpec[],
    private readonly given: (Arg[] | undefined)[],
  ) {}

  get(name: string): Span | undefined {
    const given = this.given[this.specs.findIndex((s) => s.name === name)];
    return given && given.length ? givenSpan(given) : undefined;
  }
}
