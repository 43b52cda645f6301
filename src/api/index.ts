// The library API: `import { compileSource, summarize, ... } from "nnspec"`. Each function is what
// one `nnc` command does, returning the object that command prints with `--format json` (or the
// text it writes) instead of printing it. Nothing here throws for a mistake in a spec: errors come
// back as diagnostics.
import { compile } from '../check/compile.js';
import { compare as compareSummaries } from '../analysis/compare.js';
import { compareJsonObject, type CompareJson } from '../analysis/format-compare.js';
import { summaryJsonObject, type SummaryJson } from '../analysis/format-summary.js';
import { summarize as summarizeModel } from '../analysis/summary.js';
import { toJsonDiagnostic, type JsonDiagnostic } from '../diagnostics/print.js';
import type { IrFile, IrModel } from '../ir/types.js';
import { generateSync, type GenerateOptions } from './generate.js';

export type { IrFile, IrModel, IrNode, IrTrain, IrLocation, IrOptimizer, IrExperiment, IrVariant, IrGridValue } from '../ir/types.js';
export type { JsonDiagnostic as Diagnostic } from '../diagnostics/print.js';
export type { SummaryJson, SummaryJsonModel, SummaryJsonLayer } from '../analysis/format-summary.js';
export type { CompareJson, CompareJsonModel } from '../analysis/format-compare.js';
export type { TrainingMemory } from '../analysis/summary.js';
export type { GenerateOptions, Target, TfjsPackage } from './generate.js';
export { runExperiment, type RunExperimentOptions, type ExperimentOutput, type ExperimentResults, type ExperimentRun, type ExperimentVariant } from './experiment.js';
export { train, type TrainOptions, type TrainResults, type ModelResults, type RunResult, type BackendChoice } from './train.js';

/** The outcome of compiling a spec. */
export interface CompileOutput {
  /** The IR of every model of the file; absent when there are errors. */
  ir?: IrFile;
  /** Every error and warning, in the shape `nnc check --json` prints (1-based lines and columns). */
  diagnostics: JsonDiagnostic[];
}

/** Options for {@link compileSource}. */
export interface CompileSourceOptions {
  /**
   * The path the text is known by: diagnostics name it, and its imports resolve relative to it.
   * Default `input.nn` in the working directory.
   */
  file?: string;
}

/** Options for {@link compileFile}. */
export interface CompileFileOptions {
  /** The folder imports must stay in. Default: the folder of `path`. */
  root?: string;
}

function output(r: ReturnType<typeof compile>): CompileOutput {
  const diagnostics = r.diagnostics.map((d) => toJsonDiagnostic(d, r.files.get(d.span.file)?.text ?? ''));
  if (!r.ir) return { diagnostics };
  return { ir: r.ir, diagnostics };
}

/**
 * Compiles the text of a `.nn` spec. Never throws on user input: a spec with errors gives
 * `diagnostics` and no `ir`.
 *
 * @example
 * const { ir, diagnostics } = compileSource('model m { input(4); dense(2) + softmax }', { file: 'net.nn' });
 */
export function compileSource(text: string, options: CompileSourceOptions = {}): CompileOutput {
  return output(compile(options.file ?? 'input.nn', { text }));
}

/**
 * Compiles a `.nn` file from disk with everything it imports. Imports must stay under
 * `options.root` (default: the file's folder). A file that cannot be read is a diagnostic too.
 */
export function compileFile(path: string, options: CompileFileOptions = {}): CompileOutput {
  return output(compile(path, options.root === undefined ? {} : { root: options.root }));
}

/** Options for {@link summarize} and {@link compare}. */
export interface SummaryOptions {
  /** Only these models of the IR (by name); default all. */
  models?: string[];
  /** Also estimate training memory for this batch size. */
  batch?: number;
}

function pick(ir: IrFile | IrModel, names: string[] | undefined): IrModel[] {
  const all = 'models' in ir ? ir.models : [ir];
  if (!names) return all;
  return names.map((n) => {
    const m = all.find((x) => x.name === n);
    if (!m) throw new Error(`no model '${n}'; models: ${all.map((x) => x.name).join(', ') || '(none)'}`);
    return m;
  });
}

/**
 * Parameters, MACs, FLOPs and memory of each model, layer by layer: the object
 * `nnc summary --format json` prints. Throws only for a model name that is not in the IR.
 */
export function summarize(ir: IrFile | IrModel, options: SummaryOptions = {}): SummaryJson {
  return summaryJsonObject(pick(ir, options.models).map((m) => summarizeModel(m, { batch: options.batch })));
}

/**
 * Models side by side (totals, ratio to the first model, parameters by layer family, the largest
 * layer): the object `nnc compare --format json` prints. Each item is a whole file's IR (all its
 * models) or one model.
 */
export function compare(items: (IrFile | IrModel)[], options: Omit<SummaryOptions, 'models'> = {}): CompareJson {
  const summaries = items.flatMap((x) => pick(x, undefined)).map((m) => summarizeModel(m, { batch: options.batch }));
  return compareJsonObject(compareSummaries(summaries));
}

/**
 * The code `nnc gen` writes for the IR: for `target: "ts"`, a TypeScript module with a builder
 * per model, for the TF.js package `options.tfjs` names.
 */
export function generate(ir: IrFile, options: GenerateOptions): string {
  return generateSync(ir, options);
}
