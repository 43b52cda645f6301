// One TypeScript module per spec file: a header, the imports, the lets, a function per block, a
// builder per model (variants call it with their arguments), the train sections as compile
// helpers and fit settings, and the `models` record. Pure: IR in, source text out. The structure
// section of the IR gives blocks, loops and parameters; without it (IR version 1, or a spec whose
// structure cannot be kept) every model is written out node by node.
import * as path from 'node:path';
import * as prettier from 'prettier';
import type { IrStructure } from '../ir/structure.js';
import { LOSS_TFJS, METRIC_TFJS, optimizerCall, type Loss, type Metric } from '../ir/training.js';
import type { IrFile, IrModel } from '../ir/types.js';
import { activationNames } from '../layers/common.js';
import { isChain } from '../ir/chain.js';
import { flatModel } from './flat.js';
import { Namer, pascal, propertyKey, stringLiteral } from './names.js';
import { StructuredGen, Unsupported } from './structured.js';

export interface GenInput {
  ir: IrFile;
  /** The spec's path as the header names it (relative, forward slashes); default: the IR's file. */
  source?: string;
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
/** `tfjs`, `node` or `node-gpu`: which TF.js package generated code imports. */
export type TfjsPackage = keyof typeof TFJS_PACKAGES;

/** Names the generated module uses itself: the TF.js namespace, its exports, and the globals it calls. */
const HELPERS = ['tf', 'train', 'models', 'training', 'unsupported', 'withCellPenalty', 'Activation', 'Math', 'Object', 'Error'];

type Entry = IrStructure['models'][number];

/** The root model each model builds (itself, or the model a variant builds on). */
function rootOf(entries: Map<string, Entry>, name: string): Extract<Entry, { kind: 'model' }> | undefined {
  const e = entries.get(name);
  if (!e) return undefined;
  return e.kind === 'model' ? e : (entries.get(e.of) as Extract<Entry, { kind: 'model' }> | undefined);
}

export function generate(input: GenInput): string {
  const { ir } = input;
  const selected = ir.models.filter((m) => !input.models || input.models.includes(m.name));
  const entries = new Map((ir.structure?.models ?? []).map((e) => [e.name, e]));
  const style = selected.every(isChain) ? 'sequential' : 'functional';
  const top = new Namer(HELPERS);
  const builders = new Map<string, string>();
  const needed = new Set(selected.map((m) => rootOf(entries, m.name)?.name));
  for (const e of entries.size ? entries.values() : selected) {
    if (needed.has(e.name) || selected.some((m) => m.name === e.name)) builders.set(e.name, top.claim(`build${pascal(e.name)}`));
  }
  let body: string[] | undefined;
  if (ir.structure && selected.every((m) => rootOf(entries, m.name))) {
    try {
      body = structuredBody(ir, ir.structure, style, top, builders, needed, selected);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
  const structured = body !== undefined;
  body ??= selected.map((m) => `/** The model \`${m.name}\`, every layer written out. */\n${flatModel(m, builders.get(m.name)!)}`);
  const train = trainSection(selected, entries, top);
  const record = selected.map((m) => `${propertyKey(m.name)}: ${builders.get(m.name)}`);
  const code = [
    header(input, structured),
    `import * as tf from ${stringLiteral(TFJS_PACKAGES[input.tfjs ?? 'tfjs'])};`,
    ...body,
    ...train,
    `/** Every model of the spec by name, each built with its defaults. */\nexport const models = Object.freeze({ ${record.join(', ')} });`,
  ].join('\n\n');
  const helpers = [UNSUPPORTED, CELL_PENALTY].filter((h) => code.includes(`${/function (\w+)/.exec(h)![1]}(`));
  return helpers.length ? code.replace(/\n\n(?=(\/\*\*[^\n]*\n)?(export )?(function|const))/, `\n\n${helpers.join('\n\n')}\n\n`) : code;
}

const CELL_PENALTY = `/** A recurrent layer whose kernel penalty counts in training, as in Keras (TF.js keeps it on the cell, where no model collects it). */
function withCellPenalty<L extends tf.layers.Layer>(layer: L): L {
  const own = layer.calculateLosses.bind(layer);
  layer.calculateLosses = () => [...own(), ...(layer as unknown as { cell: tf.layers.Layer }).cell.calculateLosses()];
  return layer;
}`;

const UNSUPPORTED = `/** Stands for a layer TF.js cannot build: building the model throws with the reason. */
function unsupported(reason: string): never {
  throw new Error(reason);
}`;

function header(input: GenInput, structured: boolean): string {
  const source = (input.source ?? input.ir.file.split('\\').join('/')).replace(/[\r\n\u2028\u2029]/g, ' ');
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
  ir: IrFile,
  structure: IrStructure,
  style: 'sequential' | 'functional',
  top: Namer,
  builders: Map<string, string>,
  needed: Set<string | undefined>,
  selected: IrModel[],
): string[] {
  const gen = new StructuredGen(style, top, ir, structure);
  const models: string[] = [];
  const rootInfo = new Map<string, ReturnType<StructuredGen['model']>>();
  for (const e of structure.models) {
    if (e.kind === 'model' && needed.has(e.name)) rootInfo.set(e.name, gen.model(e, builders.get(e.name)!));
  }
  for (const e of structure.models) {
    if (e.kind === 'model' && needed.has(e.name)) {
      const params = e.params.length ? ` Its parameters are the spec's, with the same defaults.` : '';
      models.push(`/** The model \`${e.name}\`.${params} */\n${rootInfo.get(e.name)!.code}`);
    }
    if (e.kind !== 'variant' || !selected.some((m) => m.name === e.name)) continue;
    const info = rootInfo.get(e.of)!;
    const args = gen.callArgs(info.params, e.args, { params: new Map(), names: top });
    const type = style === 'sequential' ? 'tf.Sequential' : 'tf.LayersModel';
    const call = `${builders.get(e.of)}(${args})`;
    models.push(`/** The model \`${e.name}\`: \`${e.of}\` with other arguments. */\nexport function ${builders.get(e.name)}(): ${type} {\nreturn ${call};\n}`);
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

/** The train sections: a compile helper per distinct optimizer, loss and metrics, and the fit settings. */
function trainSection(models: IrModel[], entries: Map<string, Entry>, top: Namer): string[] {
  const compiles = new Map<string, string>();
  const code: string[] = [];
  const rows: string[] = [];
  for (const m of models) {
    // IR version 1 does not say whether the spec has a train section: every model's settings are written out.
    if (m.trainGiven === false) continue;
    const root = rootOf(entries, m.name);
    const t = m.train;
    const props: string[] = [];
    if (t.loss !== null) {
      const opt = optimizerCall(t.optimizer);
      const metrics = t.metrics.map((x) => stringLiteral(METRIC_TFJS[x as Metric])).join(', ');
      const body = `model.compile({ optimizer: tf.train.${opt.fn}(${opt.args.join(', ')}), loss: ${stringLiteral(LOSS_TFJS[t.loss as Loss])}, metrics: [${metrics}] });`;
      const key = `${root?.name ?? m.name}\0${body}`;
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
    rows.push(`${propertyKey(m.name)}: { ${props.join(', ')} }`);
  }
  if (rows.length) {
    code.push(`/**\n * Each train section: \`training.NAME.compile(model)\`, then \`model.fit(xs, ys, training.NAME.fit)\`.\n * TF.js's fit takes no seed: \`seed\`, where the spec gives one, is for seeding TF.js yourself.\n */\nexport const training = { ${rows.join(', ')} };`);
  }
  return code;
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

/** The module for an IR file, formatted. */
export async function generateTs(input: GenInput): Promise<string> {
  return formatTs(generate(input));
}

/** The header's name for a spec: relative to the working directory, with forward slashes. */
export const displayPath = (file: string): string => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
