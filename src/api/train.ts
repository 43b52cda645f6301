// `train(specOrIr, options)`: what `nnc train` does, returning what `nnc train --format json` prints.
import { compile } from '../check/compile.js';
import { toJsonDiagnostic } from '../diagnostics/print.js';
import type { IrFile } from '../ir/types.js';
import type { ModelResults } from '../runtime/results.js';
import { trainModels, type SessionOptions } from '../runtime/session.js';
import { versionOf } from '../runtime/version.js';

export type { ModelResults, RunResult } from '../runtime/results.js';
export type { BackendChoice } from '../runtime/backends/index.js';

/** Options for `train`: the flags of `nnc train`. */
export interface TrainOptions extends Omit<SessionOptions, 'quiet' | 'lines'> {
  /** Only these models (by name); default all models of the file. */
  models?: string[];
  /** Progress and notes, a line at a time; default: nothing is printed. */
  log?: (line: string) => void;
}

/** What `nnc train --format json` prints: per model, each run's test accuracy and loss, their mean and std. */
export interface TrainResults {
  models: ModelResults[];
}

/**
 * Trains the models of a spec file (a path) or of an IR, each `runs` times, writes a run folder per
 * run under `out`, and resolves to the results. Rejects with a one-line message for a spec with
 * errors, unusable data or a backend that does not load.
 */
export async function train(spec: string | IrFile, options: TrainOptions): Promise<TrainResults> {
  let ir: IrFile;
  if (typeof spec === 'string') ir = compileOrThrow(spec);
  else ir = spec;
  const models = options.models
    ? options.models.map((n) => ir.models.find((m) => m.name === n) ?? fail(`no model '${n}'; models: ${ir.models.map((m) => m.name).join(', ')}`))
    : ir.models;
  const { log, models: _names, ...rest } = options;
  const results = await trainModels({ file: ir.file, models }, { ...rest, lines: true }, log ?? (() => {}), versionOf());
  return { models: results };
}

/** The IR of a spec file; throws its first error as `file:line:column: code: message`. */
export function compileOrThrow(file: string, root?: string): IrFile {
  const r = compile(file, root === undefined ? {} : { root });
  if (r.ir) return r.ir;
  const first = r.diagnostics.find((d) => d.severity === 'error');
  const where = first ? toJsonDiagnostic(first, r.files.get(first.span.file)?.text ?? '') : undefined;
  throw new Error(where ? `${where.file}:${where.line}:${where.column}: ${where.code}: ${where.message}` : `cannot read '${file}'`);
}

function fail(message: string): never {
  throw new Error(message);
}
