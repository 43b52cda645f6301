// One TypeScript module per spec file: a header, the imports, the lets, a function per block, a
// builder per model (variants call it with their arguments), the train sections as compile
// helpers and fit settings, and the `models` record. Pure: compile result in, source text out.
import * as path from 'node:path';
import * as prettier from 'prettier';
import type { CompileResult } from '../check/compile.js';
import type { SourceFile } from '../check/load.js';
import { lookupDecl } from '../check/values.js';
import type { IrFile, IrModel, IrTrain } from '../ir/types.js';
import { activationNames } from '../layers/common.js';
import type { Arg, ModelDecl, VariantDecl } from '../syntax/ast.js';
import { flatModel, isChain } from './flat.js';
import { Namer, pascal, propertyKey, stringLiteral } from './names.js';
import { ShapeIndex } from './shapes.js';
import { StructuredGen, Unsupported } from './structured.js';

export interface GenInput {
  ir: IrFile;
  files: CompileResult['files'];
  /** The spec's path as the header names it (relative, forward slashes). */
  source: string;
  /** Only these models (and the builders they call); all when absent. */
  models?: string[];
  /** Which TF.js package the module imports (default `tfjs`: `@tensorflow/tfjs`). */
  tfjs?: TfjsPackage;
}

/** The TF.js packages generated code can import, by `--tfjs` name. Each exports the whole API as `tf`. */
export const TFJS_PACKAGES = {
  tfjs: '@tensorflow/tfjs',
  node: '@tensorflow/tfjs-node',
  'node-gpu': '@tensorflow/tfjs-node-gpu',
} as const;
export type TfjsPackage = keyof typeof TFJS_PACKAGES;

/** Names the generated module uses itself: the TF.js namespace, its exports, and the globals it calls. */
const HELPERS = ['tf', 'train', 'models', 'training', 'unsupported', 'Activation', 'Math', 'Object', 'Error'];
const LOSS: Record<string, string> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
};
const METRIC: Record<string, string> = { ...LOSS, accuracy: 'accuracy', mse: 'mse', mae: 'mae' };

/** The model a variant builds on, and every variant step's arguments, root first. */
function resolve(decl: ModelDecl | VariantDecl, entry: SourceFile): { root: ModelDecl; rootFile: SourceFile['scope']; steps: Arg[][] } {
  const steps: Arg[][] = [];
  let cur: ModelDecl | VariantDecl = decl;
  let scope = entry.scope;
  while (cur.kind === 'variant') {
    steps.unshift(cur.args);
    const found = lookupDecl(scope, cur.base.name)!;
    cur = found.decl as ModelDecl | VariantDecl;
    scope = found.scope;
  }
  return { root: cur, rootFile: scope, steps };
}

export function generate(input: GenInput): string {
  const { ir, files } = input;
  const entry = files.get(ir.file)!;
  const selected = ir.models.filter((m) => !input.models || input.models.includes(m.name));
  const decls = new Map<string, ModelDecl | VariantDecl>();
  for (const d of entry.ast.decls) if (d.kind === 'model' || d.kind === 'variant') decls.set(d.name.name, d);
  const style = selected.every(isChain) ? 'sequential' : 'functional';
  const top = new Namer(HELPERS);
  const builders = new Map<string, string>();
  const resolved = new Map(selected.map((m) => [m.name, resolve(decls.get(m.name)!, entry)]));
  const needed = new Set<ModelDecl>([...resolved.values()].map((r) => r.root));
  for (const d of decls.values()) {
    if (needed.has(d as ModelDecl) || selected.some((m) => m.name === d.name.name)) builders.set(d.name.name, top.claim(`build${pascal(d.name.name)}`));
  }
  let body: string[];
  let structured = true;
  try {
    body = structuredBody(input, style, top, builders, resolved, needed, selected);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    structured = false;
    body = selected.map((m) => `/** The model \`${m.name}\`, every layer written out. */\n${flatModel(m, builders.get(m.name)!)}`);
  }
  const train = trainSection(selected, resolved, top);
  const record = selected.map((m) => `${propertyKey(m.name)}: ${builders.get(m.name)}`);
  const code = [
    header(input, structured),
    `import * as tf from ${stringLiteral(TFJS_PACKAGES[input.tfjs ?? 'tfjs'])};`,
    ...body,
    ...train.code,
    `/** Every model of the spec by name, each built with its defaults. */\nexport const models = Object.freeze({ ${record.join(', ')} });`,
  ].join('\n\n');
  return code.includes('unsupported(') ? code.replace(/\n\n(?=(\/\*\*[^\n]*\n)?(export )?(function|const))/, `\n\n${UNSUPPORTED}\n\n`) : code;
}

const UNSUPPORTED = `/** Stands for a layer TF.js cannot build: building the model throws with the reason. */
function unsupported(reason: string): never {
  throw new Error(reason);
}`;

function header(input: GenInput, structured: boolean): string {
  const source = input.source.replace(/[\r\n\u2028\u2029]/g, ' ');
  const pkg = TFJS_PACKAGES[input.tfjs ?? 'tfjs'];
  const flag = input.tfjs && input.tfjs !== 'tfjs' ? ` --tfjs ${input.tfjs}` : '';
  const lines = [
    `// Generated by nnc from ${source}. Do not edit by hand: change the spec and run`,
    `// \`nnc gen ${source} --target ts${flag}\`.`,
    '//',
    `// TensorFlow.js as \`tf\` (${pkg}): layers, optimizers and regularizers. Comments give each layer's`,
    "// output shape (one sample) and parameter count where they do not depend on the builder's arguments.",
    '// To train on nnspec\'s fast CPU backend, add `import "nnspec/backend";` before building a model.',
  ];
  if (!structured) lines.push('//', '// Each model is written out layer by layer, as its structure could not be kept exactly.');
  return lines.join('\n');
}

function structuredBody(
  input: GenInput,
  style: 'sequential' | 'functional',
  top: Namer,
  builders: Map<string, string>,
  resolved: Map<string, ReturnType<typeof resolve>>,
  needed: Set<ModelDecl>,
  selected: IrModel[],
): string[] {
  const { ir, files } = input;
  const entry = files.get(ir.file)!;
  const gen = new StructuredGen(style, top, new ShapeIndex(ir, files), files);
  const models: string[] = [];
  const rootInfo = new Map<ModelDecl, ReturnType<StructuredGen['model']>>();
  for (const d of entry.ast.decls) {
    if (d.kind !== 'model' || !needed.has(d)) continue;
    const info = gen.model(d, entry.scope, builders.get(d.name.name)!);
    rootInfo.set(d, info);
  }
  for (const d of entry.ast.decls) {
    if (d.kind === 'model' && needed.has(d)) {
      const params = d.params.length ? ` Its parameters are the spec's, with the same defaults.` : '';
      models.push(`/** The model \`${d.name.name}\`.${params} */\n${rootInfo.get(d)!.code}`);
    }
    if (d.kind !== 'variant') continue;
    const m = selected.find((x) => x.name === d.name.name);
    if (!m) continue;
    const r = resolved.get(m.name)!;
    const info = rootInfo.get(r.root)!;
    const given = new Map<number, Arg>();
    for (const args of r.steps) {
      args.forEach((a, i) => given.set(a.name ? r.root.params.findIndex((p) => p.name.name === a.name!.name) : i, a));
    }
    const fn = { scope: entry.scope, params: new Map(), names: top };
    const props = [...given.entries()].sort(([a], [b]) => a - b).map(([i, a]) => {
      const p = info.params[i]!;
      return `${propertyKey(p.key)}: ${gen.argValue(a.value, p.cls, fn)}`;
    });
    const type = style === 'sequential' ? 'tf.Sequential' : 'tf.LayersModel';
    const call = `${builders.get(r.root.name.name)}(${props.length ? `{ ${props.join(', ')} }` : ''})`;
    models.push(`/** The model \`${m.name}\`: \`${r.root.name.name}\` with other arguments. */\nexport function ${builders.get(m.name)}(): ${type} {\nreturn ${call};\n}`);
  }
  const out: string[] = [];
  if (gen.usesActivationType) {
    const names = activationNames.map(stringLiteral).join(' | ');
    out.push(`/** An activation a layer parameter of the spec may hold. */\ntype Activation = ${names};`);
  }
  for (const l of gen.lets.values()) out.push(`const ${l.name} = ${l.code};`);
  for (const b of gen.blockOrder) out.push(b.code);
  out.push(...models);
  return out;
}

function optimizerCode(t: IrTrain): string {
  const o = t.optimizer;
  const lr = o['lr'];
  if (o.name === 'sgd' && Number(o['momentum'] ?? 0) > 0) return `tf.train.momentum(${lr}, ${o['momentum']})`;
  return `tf.train.${o.name}(${lr})`;
}

function trainSection(models: IrModel[], resolved: Map<string, ReturnType<typeof resolve>>, top: Namer): { code: string[]; usesOptimizers: boolean } {
  const compiles = new Map<string, string>();
  const code: string[] = [];
  const entries: string[] = [];
  for (const m of models) {
    const root = resolved.get(m.name)!.root;
    if (!root.body.some((s) => s.kind === 'train')) continue;
    const t = m.train;
    const props: string[] = [];
    if (t.loss !== null) {
      const body = `model.compile({ optimizer: ${optimizerCode(t)}, loss: ${stringLiteral(LOSS[t.loss]!)}, metrics: [${t.metrics.map((x) => stringLiteral(METRIC[x]!)).join(', ')}] });`;
      const key = `${root.name.name}\0${body}`;
      let name = compiles.get(key);
      if (!name) {
        name = top.claim(`compile${pascal(m.name)}`);
        compiles.set(key, name);
        code.push(`/** Compiles a model with the optimizer, loss and metrics of \`${m.name}\`'s train section. */\nexport function ${name}(model: tf.LayersModel): void {\n${body}\n}`);
      }
      props.push(`compile: ${name}`);
    }
    const fit = [`batchSize: ${t.batch}`, `epochs: ${t.epochs}`, `validationSplit: ${t.validation}`, ...(t.shuffle ? [] : ['shuffle: false'])];
    props.push(`fit: { ${fit.join(', ')} }`);
    if (t.seed !== null) props.push(`seed: ${t.seed}`);
    entries.push(`${propertyKey(m.name)}: { ${props.join(', ')} }`);
  }
  if (entries.length) {
    code.push(`/**\n * Each train section: \`training.NAME.compile(model)\`, then \`model.fit(xs, ys, training.NAME.fit)\`.\n * TF.js's fit takes no seed: \`seed\`, where the spec gives one, is for seeding TF.js yourself.\n */\nexport const training = { ${entries.join(', ')} };`);
  }
  return { code, usesOptimizers: compiles.size > 0 };
}

/** How generated code is formatted (what `generated/` holds and the tests re-check). */
export const PRETTIER_OPTIONS = { parser: 'typescript', printWidth: 100 } as const;

/**
 * Modules larger than this are left as generated: prettier's time grows fast with size (a model
 * written out layer by layer can run to megabytes), and the generated lines are valid as they are.
 */
export const MAX_FORMATTED_CHARS = 64 * 1024;

/** Formats generated code with prettier (unless it is too large to format quickly). */
export async function formatTs(code: string): Promise<string> {
  return code.length > MAX_FORMATTED_CHARS ? code : prettier.format(code, PRETTIER_OPTIONS);
}

/** The module for a compiled spec, formatted. */
export async function generateTs(input: GenInput): Promise<string> {
  return formatTs(generate(input));
}

/** The header's name for a spec: relative to the working directory, with forward slashes. */
export const displayPath = (file: string): string => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
