// Checks the `experiment` declarations of the file being compiled and expands each grid into its
// variants: every model named in `models`, built with every combination of the grid's values (in
// declaration order, the first axis slowest). A variant is compiled exactly like the declaration
// `model v = m(axis = value, ...)` would be, so a grid value is checked like an argument; axes
// that are train settings (epochs, batch, lr, validation) then replace the variant's settings.
// Experiments have names of their own (they are not imported, and no expression can name one).
import type { Diagnostic, Diagnostics, Span } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import type { IrGridValue } from '../ir/types.js';
import type { AttrType } from '../layers/types.js';
import type { ExperimentDecl, Expr, Ident, TrainEntry, VariantDecl } from '../syntax/ast.js';
import { convert } from './convert.js';
import type { Evaluator } from './evaluate.js';
import { limits } from './limits.js';
import type { SourceFile } from './load.js';
import { compileModel, type CompiledModel } from './model.js';
import * as N from './num.js';
import { SETTING_TYPES } from './train.js';
import { lookupDecl, type Env, type FileScope } from './values.js';

const SETTINGS = ['models', 'data', 'runs', 'seed'] as const;
const SECTIONS = ['grid'] as const;
/** Train settings a grid may vary, with the type of their values. */
const TRAIN_AXES: Record<string, AttrType> = { epochs: SETTING_TYPES.epochs, batch: SETTING_TYPES.batch, lr: { t: 'number', min: 0 }, validation: SETTING_TYPES.validation };

export interface GridAxis {
  name: string;
  kind: 'param' | 'train';
  key: Ident;
  /** Each value's expression, its JSON value and its text for labels. */
  values: { expr: Expr; value: IrGridValue; text: string }[];
}

export interface CheckedVariant {
  label: string;
  folder: string;
  model: string;
  args: Record<string, IrGridValue>;
  compiled: CompiledModel;
}

export interface CheckedExperiment {
  decl: ExperimentDecl;
  data: string | null;
  runs: number;
  seed: number | null;
  axes: GridAxis[];
  variants: CheckedVariant[];
}

/** The experiments of `source` (the file being compiled), each with its variants compiled. */
export function checkExperiments(source: SourceFile, ev: Evaluator, diags: Diagnostics): CheckedExperiment[] {
  const out: CheckedExperiment[] = [];
  const names = new Map<string, ExperimentDecl>();
  for (const d of source.ast.decls) {
    if (d.kind !== 'experiment') continue;
    const prev = names.get(d.name.name);
    if (prev) {
      const line = source.lines.position(prev.name.span.start).line;
      diags.error('NN0103', d.name.span, `experiment '${d.name.name}' is already defined at line ${line}`, 'experiment names must be unique in a file');
      continue;
    }
    names.set(d.name.name, d);
    const checked = new ExperimentChecker(d, source, ev, diags).check();
    if (checked) out.push(checked);
  }
  return out;
}

class ExperimentChecker {
  private readonly scope: FileScope;
  private readonly env: Env;
  private ok = true;

  constructor(
    private readonly decl: ExperimentDecl,
    private readonly source: SourceFile,
    private readonly ev: Evaluator,
    private readonly diags: Diagnostics,
  ) {
    this.scope = source.scope;
    this.env = { scope: source.scope, locals: new Map() };
  }

  check(): CheckedExperiment | undefined {
    const entries = this.settings();
    const models = entries.get('models') ? this.models(entries.get('models')!) : [];
    if (!entries.has('models')) this.error('NN0503', this.decl.name.span, `experiment '${this.decl.name.name}' names no models`, "add 'models: m' (or several: 'models: a, b')");
    const data = entries.get('data') ? this.data(entries.get('data')!) : null;
    const runs = entries.get('runs') ? this.int(entries.get('runs')!, { t: 'int', min: 1, max: limits.maxRuns }) : 1;
    const seed = entries.get('seed') ? this.int(entries.get('seed')!, { t: 'int', min: 0 }) : null;
    const axes = this.grid(models);
    if (!this.ok || runs === undefined || seed === undefined) return undefined;
    const count = models.length * axes.reduce((n, a) => n * a.values.length, 1);
    if (count > limits.maxVariants) {
      const at = this.decl.sections.find((s) => s.name.name === 'grid')?.name.span ?? this.decl.name.span;
      const sizes = [String(models.length), ...axes.map((a) => String(a.values.length))].join(' x ');
      this.diags.error('NN0909', at, `this experiment expands to ${count.toLocaleString('en-US')} variants (${sizes}); the limit is ${limits.maxVariants.toLocaleString('en-US')}`, 'split it into several experiments or drop values');
      return undefined;
    }
    const variants = this.expand(models, axes);
    return variants && { decl: this.decl, data, runs, seed, axes, variants };
  }

  private error(code: Parameters<Diagnostics['error']>[0], span: Span, message: string, hint?: string): void {
    this.diags.error(code, span, message, hint);
    this.ok = false;
  }

  /** The `key: value` settings by name; unknown, repeated and misplaced ones are reported. */
  private settings(): Map<string, TrainEntry> {
    const found = new Map<string, TrainEntry>();
    for (const e of this.decl.entries) {
      const key = e.key.name;
      if (!(SETTINGS as readonly string[]).includes(key)) {
        const close = suggest(key, [...SETTINGS, ...SECTIONS]);
        const where = key in TRAIN_AXES ? `a train setting goes in the grid: grid { ${key}: ... }` : close ? `did you mean '${close}'?` : `settings: ${SETTINGS.join(', ')}; sections: grid { ... }`;
        this.error('NN0501', e.key.span, `unknown experiment setting '${key}'`, where);
      } else if (found.has(key)) this.error('NN0309', e.key.span, `experiment setting '${key}' is given twice`);
      else found.set(key, e);
    }
    for (const s of this.decl.sections) {
      if ((SECTIONS as readonly string[]).includes(s.name.name)) continue;
      const close = suggest(s.name.name, SECTIONS);
      this.error('NN0501', s.name.span, `unknown experiment section '${s.name.name}'`, close ? `did you mean '${close}'?` : 'sections: grid { ... }');
    }
    return found;
  }

  /** The models named, each a model or variant declaration this file can see. */
  private models(entry: TrainEntry): Ident[] {
    const out: Ident[] = [];
    for (const e of items(entry.value)) {
      if (e.kind !== 'name') {
        this.error('NN0502', e.span, 'models: expected the name of a model', 'models: mlp, or several: models: cnn, cnn_half');
        continue;
      }
      const found = lookupDecl(this.scope, e.name);
      if (!found || (found.decl.kind !== 'model' && found.decl.kind !== 'variant')) {
        const models = this.modelNames();
        const close = suggest(e.name, models);
        const hint = close ? `did you mean '${close}'?` : models.length ? `models here: ${models.join(', ')}` : undefined;
        this.error(found ? 'NN0108' : 'NN0107', e.span, found ? `'${e.name}' is a ${found.decl.kind}, not a model` : `unknown model '${e.name}'`, hint);
      } else if (out.some((m) => m.name === e.name)) this.error('NN0505', e.span, `model '${e.name}' is named twice`);
      else out.push({ name: e.name, span: e.span });
    }
    return out;
  }

  private modelNames(): string[] {
    const decls = [...this.scope.own.values(), ...[...this.scope.imported.values()].map((i) => i.decl)];
    return decls.filter((d) => d.kind === 'model' || d.kind === 'variant').map((d) => d.name.name);
  }

  private data(entry: TrainEntry): string | null {
    const e = entry.value;
    if (e.kind === 'name') return e.name;
    if (e.kind === 'string') return e.value;
    this.error('NN0502', e.span, 'data: expected a dataset name (mnist, shapes) or a string ("shapes:800", "digits.csv")');
    return null;
  }

  private int(entry: TrainEntry, type: AttrType): number | undefined {
    const v = convert(this.ev.eval(entry.value, this.env), type, { ev: this.ev, env: this.env, what: `experiment ${entry.key.name}`, span: entry.value.span });
    if (v === undefined) this.ok = false;
    return v as number | undefined;
  }

  /** The grid's axes, each a parameter of every model or a train setting of none. */
  private grid(models: Ident[]): GridAxis[] {
    const sections = this.decl.sections.filter((s) => s.name.name === 'grid');
    sections.slice(1).forEach((s) => this.error('NN0309', s.name.span, 'an experiment has at most one grid'));
    const axes: GridAxis[] = [];
    for (const entry of sections[0]?.entries ?? []) {
      if (axes.some((a) => a.name === entry.key.name)) {
        this.error('NN0309', entry.key.span, `grid axis '${entry.key.name}' is given twice`);
        continue;
      }
      const kind = this.axisKind(entry.key, models);
      if (!kind) continue;
      const values = this.values(entry, kind);
      if (values) axes.push({ name: entry.key.name, kind, key: entry.key, values });
    }
    return axes;
  }

  private axisKind(key: Ident, models: Ident[]): GridAxis['kind'] | undefined {
    const params = models.map((m) => ({ model: m.name, params: paramsOf(this.scope, m.name) }));
    const takers = params.filter((p) => p.params.includes(key.name));
    if (takers.length > 0 && takers.length === params.length) return 'param';
    if (takers.length > 0) {
      const other = params.find((p) => !p.params.includes(key.name))!;
      this.error('NN0504', key.span, `grid axis '${key.name}' is a parameter of ${takers[0]!.model} but not of ${other.model}`, 'an axis must mean the same for every model: give the models the same parameter, or split the experiment');
      return undefined;
    }
    if (key.name in TRAIN_AXES) return 'train';
    const known = [...new Set(params.flatMap((p) => p.params))];
    const close = suggest(key.name, [...known, ...Object.keys(TRAIN_AXES)]);
    const of = models.length ? `not a parameter of ${models.map((m) => m.name).join(', ')}` : 'not a model parameter';
    const hint = close ? `did you mean '${close}'?` : `axes: ${[...known, ...Object.keys(TRAIN_AXES)].join(', ')}`;
    this.error('NN0504', key.span, `unknown grid axis '${key.name}': ${of} nor a train setting`, hint);
    return undefined;
  }

  /** An axis's values: train settings converted as in a train section, parameters kept as written. */
  private values(entry: TrainEntry, kind: GridAxis['kind']): GridAxis['values'] | undefined {
    const out: GridAxis['values'] = [];
    let ok = true;
    for (const expr of items(entry.value)) {
      const text = textOf(expr, this.source.text);
      if (out.some((v) => v.text === text)) {
        this.error('NN0505', expr.span, `value ${text} is repeated in grid axis '${entry.key.name}'`);
        ok = false;
        continue;
      }
      const v = this.ev.eval(expr, this.env);
      if (kind === 'train') {
        const cx = { ev: this.ev, env: this.env, what: `train ${entry.key.name}`, span: expr.span };
        const n = convert(v, TRAIN_AXES[entry.key.name]!, cx) as number | undefined;
        if (n === undefined) ok = false;
        else out.push({ expr, value: n, text });
      } else {
        const value = v.k === 'num' ? N.toNumber(v.v) : v.k === 'bool' || v.k === 'str' ? v.v : text;
        out.push({ expr, value, text });
      }
    }
    if (!ok) this.ok = false;
    return ok ? out : undefined;
  }

  /** Every model times every combination of the axes' values, each compiled as a variant. */
  private expand(models: Ident[], axes: GridAxis[]): CheckedVariant[] | undefined {
    const out: CheckedVariant[] = [];
    const folders = new Set<string>();
    const failed: { model: Ident; chosen: { axis: GridAxis; value: GridAxis['values'][number] }[]; error: Diagnostic }[] = [];
    const fine = new Set<Expr>();
    for (const model of models) {
      for (const picks of combinations(axes.map((a) => a.values.length))) {
        const chosen = axes.map((a, i) => ({ axis: a, value: a.values[picks[i]!]! }));
        const args = chosen.filter((c) => c.axis.kind === 'param').map(({ axis, value }) => ({ name: axis.key, value: value.expr, span: value.expr.span }));
        const decl: VariantDecl = { kind: 'variant', name: model, base: model, args, span: this.decl.span };
        const before = this.diags.items.length;
        const compiled = compileModel(decl, this.scope, this.ev, this.diags);
        const error = this.diags.items.slice(before).find((d) => d.severity === 'error');
        if (error) failed.push({ model, chosen, error });
        else chosen.forEach((c) => fine.add(c.value.expr));
        if (!compiled || error) continue;
        for (const { axis, value } of chosen) if (axis.kind === 'train') setTrain(compiled, axis.name, value.value as number);
        const label = [model.name, ...chosen.map(({ axis, value }) => `${axis.name}=${value.text}`)].join(' ');
        const name = [model.name, ...chosen.map(({ axis, value }) => `${axis.name}=${safeName(value.text)}`)].join('_');
        let folder = name;
        for (let k = 2; folders.has(folder); k++) folder = `${name}-${k}`;
        folders.add(folder);
        out.push({ label, folder, model: model.name, args: Object.fromEntries(chosen.map(({ axis, value }) => [axis.name, value.value])), compiled });
      }
    }
    this.blame(failed, fine);
    return failed.length ? undefined : out;
  }

  /**
   * Points at the grid values that made variants fail (their errors are in the model's body): a
   * value no compiled variant used, else the failing variant's first parameter value.
   */
  private blame(failed: { model: Ident; chosen: { axis: GridAxis; value: GridAxis['values'][number] }[]; error: Diagnostic }[], fine: Set<Expr>): void {
    const blamed = new Set<Expr>();
    for (const f of failed) {
      const params = f.chosen.filter((c) => c.axis.kind === 'param');
      const culprits = params.filter((c) => !fine.has(c.value.expr));
      for (const c of culprits.length ? culprits : params.slice(0, 1)) {
        if (blamed.has(c.value.expr)) continue;
        blamed.add(c.value.expr);
        const line = this.source.lines.position(f.error.span.start).line;
        const where = f.error.span.file === this.source.file ? `line ${line}` : f.error.span.file;
        this.diags.error('NN0506', c.value.expr.span, `${c.axis.name} = ${c.value.text} does not fit model ${f.model.name}: ${f.error.message} (${where})`);
      }
    }
  }
}

/** `a, b, c` is a tuple of the values; one value is itself. */
function items(e: Expr): Expr[] {
  return e.kind === 'tuple' ? e.items : [e];
}

/** The expression as written, spaced one way whatever the layout (`bn( momentum=0.9 )` → `bn(momentum = 0.9)`). */
function textOf(e: Expr, text: string): string {
  return text.slice(e.span.start, e.span.end).replace(/\s+/g, '').replace(/=/g, ' = ').replace(/,/g, ', ');
}

/** The parameters of a model, through any chain of variants (a broken chain has none; it is reported elsewhere). */
function paramsOf(scope: FileScope, name: string): string[] {
  let found = lookupDecl(scope, name);
  for (let steps = 0; found && steps < limits.maxDepth; steps++) {
    if (found.decl.kind === 'model') return found.decl.params.map((p) => p.name.name);
    if (found.decl.kind !== 'variant') return [];
    found = lookupDecl(found.scope, found.decl.base.name);
  }
  return [];
}

function setTrain(m: CompiledModel, setting: string, value: number): void {
  if (setting === 'lr') m.train = { ...m.train, optimizer: { ...m.train.optimizer, lr: value } };
  else m.train = { ...m.train, [setting]: value };
}

/** Index tuples of a grid with these axis lengths, the first axis slowest; one empty tuple for no axes. */
export function* combinations(lengths: number[]): Generator<number[]> {
  const picks = lengths.map(() => 0);
  if (lengths.some((n) => n === 0)) return;
  for (;;) {
    yield [...picks];
    let i = lengths.length - 1;
    while (i >= 0 && ++picks[i]! === lengths[i]) picks[i--] = 0;
    if (i < 0) return;
  }
}

/** A value as part of a folder name: `bn(momentum = 0.9)` → `bn-momentum=0.9`, `"a b"` → `a-b`. */
export function safeName(text: string): string {
  return text.replace(/\s*=\s*/g, '=').replace(/[^A-Za-z0-9_=.]+/g, '-').replace(/^-+|-+$/g, '') || 'value';
}
