// Training the chosen models of a compiled file: data loaded and checked against every model
// before any TF.js loads, the backend chosen, then each model trained `runs` times (seeds S, S+1,
// ...) into its run folder. Shared by `nnc train` and the library's `train()`; messages go to `log`.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IrModel } from '../ir/types.js';
import { listed, plural, type DataOptions, type Dataset } from '../data/types.js';
import type { BackendChoice, LoadedBackend } from './backends/index.js';
import type { RunRecord } from './record.js';
import { memoryProblem } from './fits-memory.js';
import type { Checkpoint } from './run-files.js';
import type { ModelResults, RunResult } from './results.js';
import { makeDir } from '../make-dir.js';

/** The settings of a training session: the flags of `nnc train`, shared by the library's `train()`. */
export interface SessionOptions {
  /** `mnist`, `shapes[:N]` or `stripes[:N]`, a folder with one sub-folder of images per class, or a .csv file. */
  data: string;
  /** Override the train section's epochs. */
  epochs?: number;
  /** Override the train section's batch size. */
  batch?: number;
  /** Independent runs per model, with seeds `seed`, `seed + 1`, ...; default 1. */
  runs?: number;
  /** The first seed; default the train section's, else 1. */
  seed?: number;
  /** Default `auto`: the fastest backend that loads (see `nnc backends`). */
  backend?: BackendChoice;
  /** The folder run folders are written to; default `runs`. */
  out?: string;
  /** No progress bar or notes: one line per epoch. */
  quiet?: boolean;
  /** Progress as one line per epoch through the session's log, never a bar (for library use). */
  lines?: boolean;
  /** Use only the first N training samples. */
  limit?: number;
  /** Training images to generate for `shapes` and `stripes`. */
  dataSize?: number;
  /** Skip unreadable images and bad CSV rows instead of stopping. */
  skipBad?: boolean;
  /** CSV: the column that holds the classes; default `label`. */
  label?: string;
  /** CSV: the delimiter; default `,`, `;` or tab, whichever the header line shows. */
  delimiter?: string;
}

export interface OneRun {
  backend: LoadedBackend;
  model: IrModel;
  sha256: string;
  file: string;
  data: Dataset;
  runDir: string;
  seed: number;
  opts: SessionOptions;
  prefix: string;
  /** Continue the run in runDir from this checkpoint (checked by readCheckpoint). */
  resume?: Checkpoint;
  /** A data file or folder's absolute path, recorded so --resume works from any folder. */
  dataPath?: string;
  /** The working folder the run started in. */
  cwd: string;
  version: string;
  /** Where epoch lines go instead of the progress bar. */
  log?: (line: string) => void;
}

/** What a session trains: models of one spec file (its path as given: run records name it). */
export interface SessionInput {
  file: string;
  models: IrModel[];
}

/** Trains the models and returns their results. */
export async function trainModels({ file, models }: SessionInput, opts: SessionOptions, log: (line: string) => void, version: string): Promise<ModelResults[]> {
  const { lossOf, TrainError } = await import('./train.js');
  models.forEach(lossOf);

  // Data first: a wrong dataset name or path is reported before any TF.js loads.
  const { loadData, isBuiltinData } = await import('../data/index.js');
  const dataPath = isBuiltinData(opts.data) ? undefined : path.resolve(opts.data);
  const dataOpts = (m: IrModel): DataOptions => ({
    limit: opts.limit, size: opts.dataSize, skipBad: opts.skipBad, label: opts.label, delimiter: opts.delimiter, inputShape: m.input.shape,
  });
  const cache = new Map<string, Dataset>();
  const { mismatch } = await import('./fit-data.js');
  for (const model of models) {
    const key = model.input.shape.join('x');
    if (!cache.has(key)) cache.set(key, await loadData(opts.data, dataOpts(model)));
    const why = mismatch(model, cache.get(key)!, lossOf(model));
    if (why) throw new TrainError(why);
    const tooBig = memoryProblem(model, opts.batch ?? model.train.batch, cache.get(key)!.train.count);
    if (tooBig) throw new TrainError(tooBig);
  }
  const { loadBackend, autoChoice, wasmTrainingGap } = await import('./backends/index.js');
  const gap = models.map(wasmTrainingGap).find(Boolean);
  let choice = opts.backend ?? 'auto';
  if (gap && (choice === 'wasm' || (choice === 'auto' && autoChoice() === 'wasm'))) {
    if (choice === 'wasm') throw new TrainError(gap);
    log(`note: ${gap}; using cpu`);
    choice = 'cpu';
  }
  const backend = await loadBackend(choice);
  const { createRunDir } = await import('./run-dir.js');
  const sha256 = createHash('sha256').update(specText(file)).digest('hex');
  const runs = opts.runs ?? 1;
  const results: ModelResults[] = [];
  const curves: { label: string; runs: RunRecord['epochs'][] }[] = [];
  const { summarize } = await import('./results.js');
  const { plotOverlay } = await import('./plot.js');
  const { writeFileAtomic } = await import('./run-dir.js');
  if (backend.notice) log(`note: ${backend.notice}`);
  if (!opts.quiet) log(`backend: ${backend.name}`);
  for (const model of models) {
    const data = cache.get(model.input.shape.join('x'))!;
    if (data.skipped.count) log(`skipped ${plural(data.skipped.count, data.skipped.noun)} of '${opts.data}':\n${listed(data.skipped)}`);
    const base = createRunDir(opts.out ?? 'runs', model.name);
    const firstSeed = opts.seed ?? model.train.seed ?? 1;
    const done: RunResult[] = [];
    const records: RunRecord[] = [];
    for (let k = 0; k < runs; k++) {
      const seed = firstSeed + k;
      const runDir = runs === 1 ? base : path.join(base, `seed-${seed}`);
      makeDir(runDir);
      const record = await trainOne({
        backend, model, sha256, file, data, runDir, seed, opts, version, dataPath, cwd: process.cwd(), ...(opts.lines ? { log } : {}),
        prefix: `${models.length > 1 ? `${model.name} ` : ''}${runs > 1 ? `run ${k + 1}/${runs} ` : ''}`,
      });
      done.push(resultOf(record, runDir));
      records.push(record);
    }
    results.push(summarize(model.name, done));
    curves.push({ label: model.name, runs: records.map((r) => r.epochs) });
    if (runs > 1) {
      // The runs of a model in one picture, in the folder that holds their folders.
      const groups = records.map((r) => ({ label: `seed ${r.seed}`, runs: [r.epochs] }));
      writeFileAtomic(path.join(base, 'plot.svg'), plotOverlay(`${model.name}: ${runs} runs (${backend.name})`, groups));
    }
    if (!opts.quiet) log(`${model.name}: saved in ${base}`);
  }
  if (models.length > 1) {
    // Several models in one picture, next to their run folders.
    const file = path.join(opts.out ?? 'runs', `compare-${path.basename(pictureName(curves.map((c) => c.label)))}.svg`);
    writeFileAtomic(file, plotOverlay(`${curves.map((c) => c.label).join(' vs ')} (${backend.name})`, curves));
    if (!opts.quiet) log(`learning curves of all models: ${file}`);
  }
  return results;
}

/** `<first model>-and-<n>-more-<yyyymmdd-hhmmss>`: a file name for a picture of several models. */
function pictureName(labels: string[], now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${labels.slice(0, 3).join('-')}${labels.length > 3 ? `-and-${labels.length - 3}-more` : ''}-${stamp}`;
}

/** The spec's text for its hash (for an IR that never was a file, its name). */
function specText(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.from(file);
  }
}

export function resultOf(record: RunRecord, dir: string): RunResult {
  const t = record.test;
  return { seed: record.seed, accuracy: t?.accuracy ?? null, loss: t?.loss ?? NaN, dataLoss: t?.dataLoss ?? t?.loss ?? NaN, penalty: t?.penalty ?? 0, dir };
}

export async function trainOne(r: OneRun): Promise<RunRecord> {
  const { train } = await import('./train.js');
  const { makeProgress } = await import('./progress.js');
  const batch = r.opts.batch ?? r.model.train.batch;
  const progress = await makeProgress({ quiet: r.opts.quiet ?? false, prefix: r.prefix, batchSize: batch, samples: r.data.train.count, ...(r.log ? { log: r.log } : {}) });
  const record = await train({
    tf: r.backend.tf, backend: r.backend.name, model: r.model, spec: { path: r.file, sha256: r.sha256 }, data: r.data,
    dataRecord: { spec: r.data.name, ...(r.dataPath ? { path: r.dataPath } : {}), limit: r.opts.limit, size: r.opts.dataSize, skipBad: r.opts.skipBad ?? false },
    epochs: r.opts.epochs, batch: r.opts.batch, seed: r.seed, runDir: r.runDir, progress, resume: r.resume, cwd: r.cwd, version: r.version,
  });
  // The doctor's findings, printed after training (run.json holds them too).
  const { formatFindings } = await import('./doctor/index.js');
  if (record.diagnostics?.length) {
    const text = formatFindings(record.diagnostics, r.prefix).trimEnd();
    if (r.log) text.split('\n').forEach((l) => r.log!(l));
    else process.stderr.write(text + '\n');
  }
  return record;
}
