// What the structure's schema cannot say, checked before a generator trusts it: every name a
// step or expression uses is defined where it is used (parameters of the enclosing block or
// model, lets, blocks defined before their callers, so calls cannot loop), and variants build on
// a model of the structure. (The structure may name models an `nnc ir --model` output left out.)
import type { IrExpr, IrParam, IrStep, IrStructure } from './structure.js';
import type { IrProblem } from './validate.js';

export function structureProblems(s: IrStructure): IrProblem[] {
  const problems: IrProblem[] = [];
  const lets = new Set<string>();
  const blocks = new Map<string, IrParam[]>();
  const problem = (path: string, message: string) => problems.push({ path, message });

  const expr = (e: IrExpr, params: Set<string>, at: string): void => {
    if ('param' in e && !params.has(e.param)) problem(at, `'${e.param}' is no parameter here`);
    if ('let' in e && !lets.has(e.let)) problem(at, `'${e.let}' is no earlier let`);
    if ('ifAny' in e) e.ifAny.filter((p) => !params.has(p)).forEach((p) => problem(at, `'${p}' is no parameter here`));
    const children: IrExpr[] =
      'fn' in e ? e.args : 'neg' in e ? [e.neg] : 'op' in e ? [e.left, e.right] : 'tuple' in e ? e.tuple
        : 'layer' in e ? Object.values(e.args ?? {}) : 'regularizer' in e ? Object.values(e.regularizer) : 'ifAny' in e ? [e.then, e.else] : [];
    children.forEach((c, i) => expr(c, params, `${at}/${i}`));
  };

  const steps = (list: IrStep[], params: Set<string>, at: string): void => {
    list.forEach((st, i) => {
      const here = `${at}/${i}`;
      const when = st.step === 'layer' || st.step === 'activation' ? st.when ?? [] : st.step === 'optional' ? [st.param] : [];
      when.filter((p) => !params.has(p)).forEach((p) => problem(here, `'${p}' is no parameter here`));
      const args = st.step === 'layer' || st.step === 'call' || st.step === 'merge' ? Object.values(st.args) : [];
      args.forEach((a) => expr(a, params, here));
      if (st.step === 'activation') expr(st.activation, params, here);
      if (st.step === 'repeat') expr(st.count, params, here), steps(st.body, params, `${here}/body`);
      if (st.step === 'merge') st.branches.forEach((b, j) => b && steps(b, params, `${here}/branches/${j}`));
      if (st.step === 'call') {
        const callee = blocks.get(st.block);
        if (!callee) problem(here, `block '${st.block}' is not defined before its use`);
        else Object.keys(st.args).filter((k) => !callee.some((p) => p.name === k)).forEach((k) => problem(here, `block '${st.block}' has no parameter '${k}'`));
      }
    });
  };

  const fn = (params: IrParam[], body: IrStep[], at: string): void => {
    const names = new Set(params.map((p) => p.name));
    params.forEach((p, i) => p.default && expr(p.default, names, `${at}/params/${i}/default`));
    steps(body, names, `${at}/body`);
  };

  s.lets.forEach((l, i) => {
    expr(l.value, new Set(), `/structure/lets/${i}`);
    lets.add(l.name);
  });
  s.blocks.forEach((b, i) => {
    if (blocks.has(b.name)) problem(`/structure/blocks/${i}/name`, `block '${b.name}' is defined twice`);
    fn(b.params, b.body, `/structure/blocks/${i}`);
    blocks.set(b.name, b.params);
  });
  const roots = new Map(s.models.flatMap((m) => (m.kind === 'model' ? [[m.name, m.params] as const] : [])));
  s.models.forEach((m, i) => {
    const at = `/structure/models/${i}`;
    if (m.kind === 'model') {
      fn(m.params, m.body, at);
      expr(m.input.shape, new Set(m.params.map((p) => p.name)), `${at}/input`);
      return;
    }
    const root = roots.get(m.of);
    if (!root) problem(`${at}/of`, `'${m.of}' is no model of the structure`);
    Object.entries(m.args).forEach(([k, v]) => {
      if (root && !root.some((p) => p.name === k)) problem(`${at}/args`, `model '${m.of}' has no parameter '${k}'`);
      expr(v, new Set(), `${at}/args`);
    });
  });
  return problems;
}
