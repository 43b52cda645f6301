// Compiles one model (or variant) of a file: binds its parameters, expands its body into a
// layer graph, and evaluates its train section.
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import type { IrTrain } from '../ir/types.js';
import type { Arg, Expr, ModelDecl, Statement, VariantDecl } from '../syntax/ast.js';
import { matchArgs } from './args.js';
import { LimitReached, type Evaluator } from './evaluate.js';
import { Expander } from './expand.js';
import type { Graph } from './graph.js';
import { defaultTrain, evalTrain } from './train.js';
import { lookupDecl, type Env, type FileScope, type Value } from './values.js';

export interface CompiledModel {
  name: string;
  decl: ModelDecl | VariantDecl;
  root: ModelDecl;
  params: Map<string, Value>;
  graph: Graph;
  output: number | null;
  train: IrTrain;
  /** Blocks this model expanded, for checking the ones no model uses. */
  usedBlocks: Set<string>;
}

/** The model a variant builds on, through any chain of variants, with the arguments of each step. */
function resolveVariant(decl: VariantDecl, scope: FileScope, ev: Evaluator, diags: Diagnostics): { root: ModelDecl; rootScope: FileScope; steps: { args: Arg[]; scope: FileScope }[] } | undefined {
  const steps: { args: Arg[]; scope: FileScope }[] = [];
  const seen = new Set<VariantDecl>();
  let cur: VariantDecl = decl;
  let curScope = scope;
  for (;;) {
    ev.spend(1 + cur.args.length, decl.name.span);
    if (seen.has(cur)) {
      diags.error('NN0106', decl.base.span, `variant '${decl.name.name}' is defined in terms of itself`);
      return undefined;
    }
    seen.add(cur);
    steps.unshift({ args: cur.args, scope: curScope });
    const found = lookupDecl(curScope, cur.base.name);
    if (!found || (found.decl.kind !== 'model' && found.decl.kind !== 'variant')) {
      const what = found ? `'${cur.base.name}' is a ${found.decl.kind}, not a model` : `unknown model '${cur.base.name}'`;
      diags.error(found ? 'NN0108' : 'NN0107', cur.base.span, what, modelHint(curScope));
      return undefined;
    }
    if (found.decl.kind === 'model') return { root: found.decl, rootScope: found.scope, steps };
    cur = found.decl;
    curScope = found.scope;
  }
}

function modelHint(scope: FileScope): string | undefined {
  const models = [...scope.own.values(), ...[...scope.imported.values()].map((i) => i.decl)].filter((d) => d.kind === 'model');
  return models.length ? `models here: ${models.map((m) => m.name.name).join(', ')}` : undefined;
}

/** Binds a model's parameters: each variant step's arguments override the previous, defaults fill the rest. */
function bindModelParams(root: ModelDecl, rootScope: FileScope, steps: { args: Arg[]; scope: FileScope }[], ev: Evaluator, diags: Diagnostics): Map<string, Value> | undefined {
  const given = new Map<string, { expr: Expr; env: Env }>();
  const params = root.params.map((p) => ({ name: p.name.name, positional: true }));
  for (const step of steps) {
    ev.spend(params.length, root.name.span);
    const { matched, ok } = matchArgs(params, step.args, ev, root.name.name);
    if (!ok) return undefined;
    for (const [name, args] of matched) given.set(name, { expr: args[0]!.value, env: { scope: step.scope, locals: new Map() } });
  }
  const locals = new Map<string, Value>();
  for (const p of root.params) {
    const g = given.get(p.name.name);
    if (g) locals.set(p.name.name, ev.eval(g.expr, g.env));
    else if (p.default) locals.set(p.name.name, ev.eval(p.default, { scope: rootScope, locals: new Map(locals) }));
    else {
      diags.error('NN0202', p.name.span, `model '${root.name.name}' has no value for its parameter '${p.name.name}'`, `give it a default (${p.name.name} = ...) or build it through a variant: model m = ${root.name.name}(${p.name.name} = ...)`);
      return undefined;
    }
  }
  return locals;
}

/** True when the body's first statement starts with input(...). */
function startsWithInput(body: Statement[]): boolean {
  const first = body[0];
  if (!first || first.kind !== 'expr') return false;
  let e: Expr = first.expr;
  while (e.kind === 'binary' && e.op === '+') e = e.left;
  return e.kind === 'call' && e.callee.name === 'input';
}

/** Compiles a model; undefined when it cannot be (reported), or when the compilation ran out of work. */
export function compileModel(decl: ModelDecl | VariantDecl, scope: FileScope, ev: Evaluator, diags: Diagnostics): CompiledModel | undefined {
  ev.site = decl.kind === 'variant' ? decl.name.span : undefined;
  try {
    return compileChecked(decl, scope, ev, diags);
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
    return undefined;
  } finally {
    ev.site = undefined;
  }
}

function compileChecked(decl: ModelDecl | VariantDecl, scope: FileScope, ev: Evaluator, diags: Diagnostics): CompiledModel | undefined {
  let root: ModelDecl;
  let rootScope = scope;
  let steps: { args: Arg[]; scope: FileScope }[] = [];
  if (decl.kind === 'variant') {
    const resolved = resolveVariant(decl, scope, ev, diags);
    if (!resolved) return undefined;
    ({ root, rootScope, steps } = resolved);
  } else root = decl;
  const params = bindModelParams(root, rootScope, steps, ev, diags);
  if (!params) return undefined;
  if (!startsWithInput(root.body)) {
    const at = root.body[0]?.span ?? root.name.span;
    diags.error('NN0302', at, `model '${root.name.name}' must start with input(...)`, 'give the shape of one sample first, channels last: input(64, 64, 3)');
    return undefined;
  }
  const ex = new Expander(ev, diags, decl.kind !== 'variant');
  const env: Env = { scope: rootScope, locals: params };
  let output: number | null = null;
  try {
    output = ex.statements(root.body, env, null, [], true).cur;
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
  }
  for (const extra of ex.trains.slice(1)) diags.error('NN0304', extra.section.span, 'a model has at most one train section');
  const first = ex.trains[0];
  const train = first ? evalTrain(first.section, first.env, ev, diags) : defaultTrain();
  return { name: decl.name.name, decl, root, params, graph: ex.graph, output, train, usedBlocks: ex.usedBlocks };
}
