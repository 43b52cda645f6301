// `nnc summary FILE` and `nnc compare A B ...`: static parameter, MAC and memory analysis from the
// IR, in text, Markdown, JSON or CSV. No TF.js: everything is computed from the compiled IR.
import { compare } from '../../analysis/compare.js';
import { limits } from '../../check/limits.js';
import { formatCompare } from '../../analysis/format-compare.js';
import { FORMATS, formatSummary, type Format } from '../../analysis/format-summary.js';
import { summarize, type Summary } from '../../analysis/summary.js';
import { EXIT, UsageError } from '../output.js';
import { compileOrReport, selectModels } from './common.js';

export interface AnalysisOptions {
  /** The project folder imports must stay in (default: each file's folder). */
  root?: string;
  format?: string;
  batch?: string;
  expand?: boolean;
}

export interface SummaryOptions extends AnalysisOptions {
  model?: string;
}

export function parseFormat(value: string | undefined): Format {
  const f = value ?? 'text';
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format '${f}'; use one of: ${FORMATS.join(', ')}`);
  return f as Format;
}

export function parseBatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // A batch is a tensor dimension: at most 2^31 - 1, as every dimension of the IR.
  if (!Number.isInteger(n) || n < 1 || n > limits.maxInt) {
    // Worded as the other commands' option errors (commander's).
    throw new UsageError(`option '--batch <n>' argument '${value}' is invalid. expected an integer from 1 to ${limits.maxInt.toLocaleString('en-US')}`);
  }
  return n;
}

/** The analysis reads the IR's models only. */
const NO_STRUCTURE = { structure: false };

export function runSummary(file: string, opts: SummaryOptions): number {
  const format = parseFormat(opts.format);
  const batch = parseBatch(opts.batch);
  const r = compileOrReport(file, opts.root, NO_STRUCTURE);
  if (!r) return EXIT.errors;
  const summaries = selectModels(r.ir, opts.model).map((m) => summarize(m, { batch }));
  process.stdout.write(formatSummary(summaries, format, { expand: opts.expand }));
  return EXIT.ok;
}

/** `file.nn` (every model) or `file.nn#model`. */
export function splitModelArg(arg: string): { file: string; model?: string } {
  const at = arg.lastIndexOf('#');
  if (at <= 0) return { file: arg };
  const model = arg.slice(at + 1);
  if (!model) throw new UsageError(`'${arg}': give a model name after '#', or drop the '#'`);
  return { file: arg.slice(0, at), model };
}

export function runCompare(args: string[], opts: AnalysisOptions): number {
  const format = parseFormat(opts.format);
  const batch = parseBatch(opts.batch);
  const summaries: Summary[] = [];
  let failed = false;
  for (const arg of args) {
    const { file, model } = splitModelArg(arg);
    const r = compileOrReport(file, opts.root, NO_STRUCTURE);
    if (!r) {
      failed = true;
      continue;
    }
    summaries.push(...selectModels(r.ir, model).map((m) => summarize(m, { batch })));
  }
  if (failed) return EXIT.errors;
  if (summaries.length === 0) throw new UsageError('nothing to compare: the files hold no models');
  process.stdout.write(formatCompare(compare(summaries), format));
  return EXIT.ok;
}
