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
  spans: Map<string, Span>;
  ok: boolean;
}

type Param = { name: string; positional?: boolean; variadic?: boolean };
const positionals = new WeakMap<readonly Param[], readonly Param[]>();
/** The parameters given by position, in order (found once per list of parameters). */
function positionalParams(params: readonly Param[]): readonly Param[] {
  let found = positionals.get(params);
  if (!found) positionals.set(params, (found = params.filter((p) => p.positional !== false)));
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
  const matched = new Map<string, Arg[]>();
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
      if (!params.some((p) => p.name === name)) {
        const close = suggest(name, params.map((p) => p.name));
        const hint = close ? `did you mean '${close}'?` : params.length ? `${callee} takes: ${params.map((p) => p.name).join(', ')}` : `${callee} takes no arguments`;
        ev.diags.error('NN0201', arg.name.span, `${callee} has no argument '${name}'`, hint);
        ok = false;
      } else if (matched.has(name)) {
        ev.diags.error('NN0204', arg.name.span, `argument '${name}' of ${callee} is given twice`);
        ok = false;
      } else matched.set(name, [arg]);
      continue;
    }
    if (seenNamed) {
      ev.diags.error('NN0209', arg.span, `positional argument after a named one in ${callee}(...)`, 'put positional arguments first');
      ok = false;
      continue;
    }
    const p = positional[pos];
    if (p?.variadic) {
      matched.set(p.name, [...(matched.get(p.name) ?? []), arg]);
      continue;
    }
    if (!p) {
      const n = positional.length;
      const takes = n === 0 ? 'takes no positional arguments' : `takes at most ${n} positional argument${n === 1 ? '' : 's'} (${positional.map((q) => q.name).join(', ')})`;
      ev.diags.error('NN0203', arg.span, `${callee} ${takes}`);
      ok = false;
      pos++;
      continue;
    }
    matched.set(p.name, [arg]);
    pos++;
  }
  return { matched, ok };
}

/** Binds a call's arguments to a layer's or modifier's attributes. */
export function bindAttrs(specs: readonly AttrSpec[], args: Arg[], ev: Evaluator, env: Env, callee: string, callSpan: Span): Bound {
  let params = paramsOf.get(specs);
  if (!params) paramsOf.set(specs, (params = specs.map((s) => ({ name: s.name, positional: !!s.positional, variadic: s.type.t === 'dims' }))));
  const { matched, ok: matchedOk } = matchArgs(params, args, ev, callee);
  let ok = matchedOk;
  const attrs: Attrs = {};
  const spans = new Map<string, Span>();
  for (const spec of specs) {
    const given = matched.get(spec.name);
    if (!given || given.length === 0) {
      if (spec.default === undefined) {
        const hint = spec.positional ? `write ${callee}(${spec.name === 'units' || spec.name === 'filters' ? '64' : '...'})` : `write ${callee}(${spec.name} = ...)`;
        ev.diags.error('NN0202', callSpan, `${callee} needs '${spec.name}' (${spec.doc})`, hint);
        ok = false;
      } else attrs[spec.name] = spec.default;
      continue;
    }
    const span = given.length === 1 ? given[0]!.value.span : { ...given[0]!.span, end: given[given.length - 1]!.span.end };
    spans.set(spec.name, span);
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
  return { attrs, spans, ok };
}
