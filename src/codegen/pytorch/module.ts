// One Python (PyTorch) module per spec file, from the IR alone: the runtime (runtime.ts), the lets,
// a function per block, a class per root model whose constructor takes the model's parameters with
// the spec's defaults, a function per variant, and the `models` dict. Without the IR's structure
// section every model is written out node by node. Same path as the TypeScript target: IR in, text out.
import type { IrBlock, IrExpr, IrNodeRefs, IrParam, IrRootModel, IrStep, IrStructure } from '../../ir/structure.js';
import type { IrFile, IrModel, IrNode } from '../../ir/types.js';
import { activationNames } from '../../layers/common.js';
import { layers } from '../../layers/registry.js';
import type { AttrValue } from '../../layers/types.js';
import { describe, paramCount } from '../shapes.js';
import { pyClass, PyNamer, pyLiteral, pyString, pyTuple } from './names.js';
import { RUNTIME_PY } from './runtime.js';

export interface PyGenInput {
  ir: IrFile;
  /** The spec's path as the header names it; default: the IR's file. */
  source?: string;
  /** Only these models (and what they build on); all when absent. */
  models?: string[];
}

/** A layer the PyTorch target cannot build; the message names the layer. */
export class PytorchUnsupported extends Error {}

/** The layer kinds the runtime builds (every kind of the registry but the input). */
const SUPPORTED = new Set([
  'dense', 'conv', 'dwconv', 'sepconv', 'deconv', 'maxpool', 'avgpool', 'gap', 'gmp', 'flatten', 'reshape', 'zeropad',
  'upsample', 'dropout', 'bn', 'ln', 'leaky_relu', 'embedding', 'rnn', 'lstm', 'gru', 'identity', 'add', 'concat',
  ...activationNames,
]);
const RANK_DEPENDENT = new Set(['conv', 'maxpool', 'avgpool', 'gap', 'gmp']);
const MERGES = new Set(['add', 'concat']);
const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

const TOP_NAMES = [...RUNTIME_PY.matchAll(/^(?:def|class) (\w+)|^(\w+) =|^import (\w+)|^import \w+\.\w+ as (\w+)/gm)]
  .map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!)
  .concat(['np', 'torch', 'nn', 'F', 'DEFAULTS', 'KERAS_CLASSES', 'INT_ATTRS', 'models', 'training', 'js_round', 'math', 'json', 'os', 're']);

/** The tables the runtime reads, from the layer registry: attribute defaults, Keras classes, integer attributes. */
function tables(): string {
  const defaults: string[] = [];
  const classes: string[] = [];
  const ints: string[] = [];
  for (const k of layers) {
    if (!SUPPORTED.has(k.name)) continue;
    const d = k.attrs.filter((a) => a.default !== undefined).map((a) => `${pyString(a.name)}: ${pyLiteral(a.default!)}`);
    if (d.length) defaults.push(`    ${pyString(k.name)}: {${d.join(', ')}},`);
    if (!RANK_DEPENDENT.has(k.name)) classes.push(`${pyString(k.name)}: ${pyString(k.keras([1, 1, 1], {}))}`);
    const i = k.attrs.filter((a) => ['int', 'ints', 'dims', 'padding'].includes(a.type.t)).map((a) => pyString(a.name));
    if (i.length) ints.push(`${pyString(k.name)}: {${i.join(', ')}}`);
  }
  return [
    '# ---- the layer registry: attribute defaults, Keras classes, integer attributes ----',
    `DEFAULTS = {\n${defaults.join('\n')}\n}`,
    `KERAS_CLASSES = {${classes.join(', ')}}`,
    `INT_ATTRS = {${ints.join(', ')}}`,
    'def js_round(x):\n    """round() as the spec means it: halves up."""\n    return math.floor(x + 0.5)',
  ].join('\n\n\n');
}

type Entry = IrStructure['models'][number];
interface Fn {
  params: Map<string, string>;
  names: PyNamer;
}

const indent = (lines: string[], by = 1): string[] => lines.map((l) => (l === '' ? l : '    '.repeat(by) + l));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

class PyGen {
  readonly lets = new Map<string, { name: string; code: string }>();
  readonly blockNames = new Map<string, string>();
  readonly blockCode: string[] = [];
  private readonly blockDefs: Map<string, IrBlock>;
  private readonly letDefs: Map<string, IrExpr>;
  private readonly nodes = new Map<string, Map<string, IrNode>>();
  private readonly blockParams = new Map<string, Map<string, string>>();

  constructor(readonly top: PyNamer, ir: IrFile, structure: IrStructure) {
    this.blockDefs = new Map(structure.blocks.map((b) => [b.name, b]));
    this.letDefs = new Map(structure.lets.map((l) => [l.name, l.value]));
    for (const m of ir.models) this.nodes.set(m.name, new Map(m.nodes.map((n) => [n.id, n])));
  }

  private comment(refs: IrNodeRefs | undefined): string {
    const uses: IrNode[] = [];
    for (const [model, ids] of Object.entries(refs ?? {})) for (const id of ids) { const n = this.nodes.get(model)?.get(id); if (n) uses.push(n); }
    if (uses.length === 0) return '';
    const first = uses[0]!;
    if (!uses.every((u) => same(u.outputShape, first.outputShape) && paramCount(u) === paramCount(first))) return '';
    return `  # ${describe(first.outputShape, paramCount(first))}`;
  }

  expr(e: IrExpr, fn: Fn): string {
    if ('num' in e) return e.num;
    if ('str' in e) return pyString(e.str);
    if ('bool' in e) return e.bool ? 'True' : 'False';
    if ('sym' in e) return pyString(e.sym);
    if ('param' in e) return fn.params.get(e.param)!;
    if ('let' in e) return this.letRef(e.let);
    if ('fn' in e) {
      const args = e.args.map((a) => this.expr(a, fn)).join(', ');
      return e.fn === 'round' ? `js_round(${args})` : e.fn === 'min' || e.fn === 'max' ? `${e.fn}(${args})` : `math.${e.fn}(${args})`;
    }
    if ('neg' in e) return 'op' in e.neg ? `-(${this.expr(e.neg, fn)})` : `-${this.expr(e.neg, fn)}`;
    if ('op' in e) {
      const wrap = (child: IrExpr, right: boolean): string => {
        const text = this.expr(child, fn);
        if (!('op' in child)) return text;
        const lower = PREC[child.op]! < PREC[e.op]!;
        const sameRight = right && PREC[child.op] === PREC[e.op] && (e.op === '-' || e.op === '/');
        return lower || sameRight ? `(${text})` : text;
      };
      return `${wrap(e.left, false)} ${e.op} ${wrap(e.right, true)}`;
    }
    if ('tuple' in e) return pyTuple(e.tuple.map((i) => this.expr(i, fn)));
    if ('layer' in e) {
      if ((activationNames as readonly string[]).includes(e.layer)) return pyString(e.layer);
      if (e.layer === 'identity') return 'None';
      return `lambda g, x: g.${e.layer}(x${this.kwargs(e.args ?? {}, fn)})`;
    }
    if ('regularizer' in e) {
      const parts = (['l1', 'l2'] as const).filter((k) => e.regularizer[k]).map((k) => `${k}=${this.expr(e.regularizer[k]!, fn)}`);
      return `l1l2(${parts.join(', ')})`;
    }
    return `(${this.expr(e.then, fn)} if ${this.cond(e.ifAny, fn)} else ${this.expr(e.else, fn)})`;
  }

  private cond(params: string[], fn: Fn): string {
    return params.map((p) => `${fn.params.get(p)!} is not None`).join(' or ');
  }

  private kwargs(args: Record<string, IrExpr>, fn: Fn): string {
    return Object.entries(args).map(([k, v]) => `, ${k}=${this.expr(v, fn)}`).join('');
  }

  private letRef(name: string): string {
    const done = this.lets.get(name);
    if (done) return done.name;
    const entry = { name: this.top.claim(name.toUpperCase()), code: '' };
    this.lets.set(name, entry);
    entry.code = this.expr(this.letDefs.get(name)!, { params: new Map(), names: this.top });
    return entry.name;
  }

  /** `*, f, drop=0.0`: keyword-only, so a parameter without default may follow one with. */
  private signature(params: IrParam[], fn: Fn): string {
    if (params.length === 0) return '';
    return `, *, ${params.map((p) => `${fn.params.get(p.name)}${p.default ? `=${this.expr(p.default, fn)}` : ''}`).join(', ')}`;
  }

  private fnFor(params: IrParam[], reserved: string[]): Fn {
    const names = new PyNamer(reserved, this.top);
    return { params: new Map(params.map((p) => [p.name, names.claim(p.name)])), names };
  }

  private block(name: string): string {
    const done = this.blockNames.get(name);
    if (done) return done;
    const def = this.blockDefs.get(name)!;
    const fnName = this.top.claim(name);
    this.blockNames.set(name, fnName);
    const fn = this.fnFor(def.params, ['g', 'x']);
    this.blockParams.set(name, fn.params);
    const body = this.render(def.body, 'x', fn);
    this.blockCode.push([`def ${fnName}(g, x${this.signature(def.params, fn)}):`, ...indent([`"""The block \`${name}\`."""`, ...body, 'return x'])].join('\n'));
    return fnName;
  }

  model(m: IrRootModel, className: string): string {
    const fn = this.fnFor(m.params, ['self', 'g', 'x']);
    const dtype = m.input.dtype ? `, ${this.expr(m.input.dtype, fn)}` : '';
    const body = this.render(m.body, 'x', fn);
    const doc = `"""The model \`${m.name}\`.${m.params.length ? " Its parameters are the spec's, with the same defaults." : ''}"""`;
    return [
      `class ${className}(KerasModel):`,
      ...indent([doc, '', `def __init__(self${this.signature(m.params, fn)}):`]),
      ...indent([`g = Graph(${this.expr(m.input.shape, fn)}${dtype})`, 'x = g.input()', ...body, `super().__init__(g, x, ${pyString(m.name)})`], 2),
    ].join('\n');
  }

  callArgs(params: IrParam[], names: Map<string, string>, args: Record<string, IrExpr>, fn: Fn): string {
    return params.filter((p) => Object.hasOwn(args, p.name)).map((p) => `${names.get(p.name)}=${this.expr(args[p.name]!, fn)}`).join(', ');
  }

  modelParams(m: IrRootModel): Map<string, string> {
    return this.fnFor(m.params, ['self', 'g', 'x']).params;
  }

  /** The condition a step runs under (a layer parameter holding a layer), if any. */
  private condOf(s: IrStep, fn: Fn): string | undefined {
    if (s.step === 'optional') return this.cond([s.param], fn);
    return (s.step === 'layer' || s.step === 'activation') && s.when ? this.cond(s.when, fn) : undefined;
  }

  /** Lines applying `steps` to `v`, steps under the same condition in one `if`. */
  render(steps: IrStep[], v: string, fn: Fn): string[] {
    const out: string[] = [];
    for (let i = 0; i < steps.length; ) {
      const cond = this.condOf(steps[i]!, fn);
      let j = i + 1;
      while (cond !== undefined && j < steps.length && this.condOf(steps[j]!, fn) === cond) j++;
      if (cond === undefined) out.push(...this.step(steps[i]!, v, v, fn));
      else out.push(`if ${cond}:`, ...indent(steps.slice(i, j).flatMap((s) => this.step(s, v, v, fn, false))));
      i = j;
    }
    return out;
  }

  /** Lines making `dst` from `src` by one step. */
  private step(s: IrStep, src: string, dst: string, fn: Fn, guard = true): string[] {
    const conditional = guard && this.condOf(s, fn) !== undefined;
    if (conditional && src !== dst) return [`${dst} = ${src}`, ...this.step(s, dst, dst, fn)];
    const guarded = (cond: string | undefined, lines: string[]): string[] => (cond === undefined || !guard ? lines : [`if ${cond}:`, ...indent(lines)]);
    switch (s.step) {
      case 'layer':
        return guarded(s.when && this.cond(s.when, fn), [`${dst} = g.${s.kind}(${src}${this.kwargs(s.args, fn)})${this.comment(s.nodes)}`]);
      case 'activation':
        return guarded(s.when && this.cond(s.when, fn), [`${dst} = g.layer(${this.expr(s.activation, fn)}, ${src})${this.comment(s.nodes)}`]);
      case 'optional': {
        const p = fn.params.get(s.param)!;
        return guarded(`${p} is not None`, [`${dst} = g.apply(${p}, ${src})`]);
      }
      case 'call': {
        const name = this.block(s.block);
        const def = this.blockDefs.get(s.block)!;
        const args = this.callArgs(def.params, this.blockParams.get(s.block)!, s.args, fn);
        return [`${dst} = ${name}(g, ${src}${args ? `, ${args}` : ''})`];
      }
      case 'repeat': {
        const count = 'num' in s.count ? s.count.num : `int(${this.expr(s.count, fn)})`;
        const head = src === dst ? [] : [`${dst} = ${src}`];
        return [...head, `for _ in range(${count}):`, ...indent(this.render(s.body, dst, fn))];
      }
      case 'merge': {
        const out: string[] = [];
        const vars = s.branches.map((b, i) => {
          if (b === null) return src;
          const name = fn.names.claim(s.kind === 'add' && s.branches.length === 2 ? (i === 0 ? 'shortcut' : 'branch') : 'branch');
          out.push(...this.into(b, src, name, fn));
          return name;
        });
        out.push(`${dst} = g.merge(${pyString(s.kind)}, [${vars.join(', ')}]${this.kwargs(s.args, fn)})${this.comment(s.nodes)}`);
        return out;
      }
    }
  }

  private into(steps: IrStep[], src: string, dst: string, fn: Fn): string[] {
    const first = steps[0];
    if (first && (first.step === 'call' || ((first.step === 'layer' || first.step === 'activation') && !first.when))) {
      return [...this.step(first, src, dst, fn), ...this.render(steps.slice(1), dst, fn)];
    }
    return [`${dst} = ${src}`, ...this.render(steps, dst, fn)];
  }
}

function rootOf(entries: Map<string, Entry>, name: string): Extract<Entry, { kind: 'model' }> | undefined {
  const e = entries.get(name);
  if (!e) return undefined;
  return e.kind === 'model' ? e : (entries.get(e.of) as Extract<Entry, { kind: 'model' }> | undefined);
}

/** A model written out node by node, each attribute that differs from its default as a constant. */
function flatModel(m: IrModel, className: string): string {
  const vars = new Map<string, string>();
  const lines = [`g = Graph(${pyLiteral(m.input.shape)}, ${pyString(m.input.dtype)})`];
  for (const node of m.nodes) {
    const v = `n${vars.size}`;
    vars.set(node.id, v);
    if (node.kind === 'input') {
      lines.push(`${v} = g.input()`);
      continue;
    }
    const kind = layers.find((k) => k.name === node.kind)!;
    const args = kind.attrs
      .filter((a) => node.attrs[a.name] !== undefined && !same(node.attrs[a.name], a.default ?? null))
      .map((a) => `, ${a.name}=${pyLiteral(node.attrs[a.name] as AttrValue)}`)
      .join('');
    const inputs = node.inputs.map((i) => vars.get(i)!);
    const call = MERGES.has(node.kind) ? `g.merge(${pyString(node.kind)}, [${inputs.join(', ')}]${args})` : `g.${node.kind}(${inputs[0]}${args})`;
    lines.push(`${v} = ${call}  # ${describe(node.outputShape, paramCount(node))}`);
  }
  lines.push(`super().__init__(g, ${vars.get(m.output)}, ${pyString(m.name)})`);
  return [`class ${className}(KerasModel):`, ...indent([`"""The model \`${m.name}\`, every layer written out."""`, '', 'def __init__(self):']), ...indent(lines, 2)].join('\n');
}

/** JSON data as a Python literal (dicts, lists, None). */
function pyData(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(pyData).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyString(k)}: ${pyData(x)}`).join(', ')}}`;
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'number' ? String(v) : pyString(String(v));
}

function check(models: IrModel[]): void {
  for (const m of models) {
    for (const n of m.nodes) {
      if (n.kind !== 'input' && !SUPPORTED.has(n.kind)) throw new PytorchUnsupported(`model ${m.name}: layer ${n.name} (${n.kind}) has no PyTorch form`);
    }
  }
}

export function generatePython(input: PyGenInput): string {
  const { ir } = input;
  const selected = ir.models.filter((m) => !input.models || input.models.includes(m.name));
  check(selected);
  const entries = new Map((ir.structure?.models ?? []).map((e) => [e.name, e]));
  const top = new PyNamer(TOP_NAMES);
  const classes = new Map<string, string>();
  const needed = new Set(selected.map((m) => rootOf(entries, m.name)?.name));
  const structured = !!ir.structure && selected.every((m) => rootOf(entries, m.name));
  const body: string[] = [];
  const builders: string[] = [];
  if (structured) {
    const gen = new PyGen(top, ir, ir.structure!);
    for (const e of ir.structure!.models) if (e.kind === 'model' && needed.has(e.name)) classes.set(e.name, top.claim(pyClass(e.name)));
    const models: string[] = [];
    for (const e of ir.structure!.models) {
      if (e.kind === 'model' && needed.has(e.name)) models.push(gen.model(e, classes.get(e.name)!));
      if (e.kind === 'model' && selected.some((m) => m.name === e.name)) builders.push(`${pyString(e.name)}: ${classes.get(e.name)}`);
      if (e.kind !== 'variant' || !selected.some((m) => m.name === e.name)) continue;
      const root = rootOf(entries, e.name)!;
      const fnName = top.claim(e.name);
      const args = gen.callArgs(root.params, gen.modelParams(root), e.args, { params: new Map(), names: top });
      models.push(`def ${fnName}():\n    """The model \`${e.name}\`: \`${e.of}\` with other arguments."""\n    return ${classes.get(e.of)}(${args})`);
      builders.push(`${pyString(e.name)}: ${fnName}`);
    }
    for (const l of gen.lets.values()) body.push(`${l.name} = ${l.code}`);
    body.push(...gen.blockCode, ...models);
  } else {
    for (const m of selected) {
      const name = top.claim(pyClass(m.name));
      body.push(flatModel(m, name));
      builders.push(`${pyString(m.name)}: ${name}`);
    }
  }
  const source = (input.source ?? ir.file.split('\\').join('/')).replace(/[\r\n\u2028\u2029]/g, ' ');
  const header = [
    `# Generated by nnc from ${source}. Do not edit by hand: change the spec and run`,
    `# \`nnc gen ${source} --target pytorch\`.`,
    '#',
    '# PyTorch with Keras semantics: tensors are channels-last as in the spec (a model takes (N, *input shape)),',
    "# weights keep Keras's names and shapes, \"same\" padding pads right/bottom more, batch-norm momentum is",
    "# PyTorch's (1 - Keras's), initializers are Keras's. keras_loss and keras_optimizer are the train",
    "# section's loss and optimizer as TF.js computes them; add regularization_loss(model) to the loss. Load a",
    '# run of `nnc train` with load_nnspec_run(model, folder). Comments give each layer\'s output shape and',
    '# parameter count where they do not depend on the arguments.',
  ];
  if (!structured) header.push('#', '# Each model is written out layer by layer, as the IR carries no structure for it.');
  return `${[
    header.join('\n'),
    RUNTIME_PY.trimEnd(),
    tables(),
    '# ---- the spec ----',
    ...body,
    `# Every model of the spec by name: calling one builds it with its defaults.\nmodels = {${builders.join(', ')}}`,
    `# Each model's train section, as train.py (written by --out) reads it.\ntraining = {\n${selected.map((m) => `    ${pyString(m.name)}: ${pyData(m.train)},`).join('\n')}\n}`,
  ].join('\n\n\n')}\n`;
}
