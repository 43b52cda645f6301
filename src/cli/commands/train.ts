// `nnc train FILE --data DATA`: trains each chosen model --runs times (seeds S, S+1, ...) on the
// chosen backend, writes a run folder per run and prints the results table on stdout (progress
// goes to stderr). `nnc train --resume RUN_DIR` continues a run from its last checkpoint.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IrModel } from '../../ir/types.js';
import type { DataOptions, Dataset } from '../../data/types.js';
import type { BackendChoice } from '../../runtime/backends/index.js';
import type { ModelResults, RunResult } from '../../runtime/results.js';
import type { RunRecord } from '../../runtime/record.js';
import { EXIT, UsageError } from '../output.js';
import { compileOrReport, selectModels } from './common.js';
import { runtimeErrors, versionOf } from './runtime-common.js';

export interface TrainOptions {
  model?: string;
  data?: string;
  epochs?: number;
  batch?: number;
  runs?: number;
  seed?: number;
  backend?: BackendChoice;
  out?: string;
  format?: 'text' | 'md' | 'json';
  quiet?: boolean;
  resume?: string;
  limit?: number;
  dataSize?: number;
  skipBad?: boolean;
}

export async function runTrain(file: string | undefined, opts: TrainOptions): Promise<number> {
  return runtimeErrors(async () => (opts.resume ? resume(opts.resume, file, opts) : trainNew(file, opts)));
}

async function trainNew(file: string | undefined, opts: TrainOptions): Promise<number> {
  if (!file) throw new UsageError('give a .nn file to train (or --resume RUN_DIR)');
  if (!opts.data) throw new UsageError(`give the data to train on: --data mnist, --data shapes[:N], --data FOLDER or --data FILE.csv`);
  const compiled = compileOrReport(file);
  if (!compiled) return EXIT.errors;
  const models = selectModels(compiled.ir, opts.model);
  if (models.length === 0) throw new UsageError(`${file} defines no models`);
  const { lossOf } = await import('../../runtime/train.js');
  models.forEach(lossOf);

  // Data first: a wrong dataset name or path is reported before any TF.js loads.
  const { loadData } = await import('../../data/index.js');
  const dataOpts = (m: IrModel): DataOptions => ({ limit: opts.limit, size: opts.dataSize, skipBad: opts.skipBad, inputShape: m.input.shape });
  const cache = new Map<string, Dataset>();
  const { mismatch } = await import('../../runtime/fit-data.js');
  const { TrainError } = await import('../../runtime/train.js');
  for (const model of models) {
    const key = model.input.shape.join('x');
    if (!cache.has(key)) cache.set(key, await loadData(opts.data, dataOpts(model)));
    const why = mismatch(model, cache.get(key)!, lossOf(model));
    if (why) throw new TrainError(why);
  }
  const { loadBackend, autoChoice, wasmTrainingGap } = await import('../../runtime/backends/index.js');
  const gap = models.map(wasmTrainingGap).find(Boolean);
  let choice = opts.backend ?? 'auto';
  if (gap && (choice === 'wasm' || (choice === 'auto' && autoChoice() === 'wasm'))) {
    if (choice === 'wasm') throw new TrainError(gap);
    process.stderr.write(`note: ${gap}; using cpu\n`);
    choice = 'cpu';
  }
  const backend = await loadBackend(choice);
  const { createRunDir } = await import('../../runtime/run-dir.js');
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const runs = opts.runs ?? 1;
  const results: ModelResults[] = [];
  const { summarize, formatResults } = await import('../../runtime/results.js');
  if (backend.notice) process.stderr.write(`note: ${backend.notice}\n`);
  if (!opts.quiet) process.stderr.write(`backend: ${backend.name}\n`);
  for (const model of models) {
    const data = cache.get(model.input.shape.join('x'))!;
    if (data.skipped && !opts.quiet) process.stderr.write(`skipped ${data.skipped} unreadable sample${data.skipped === 1 ? '' : 's'} in '${opts.data}'\n`);
    const base = createRunDir(opts.out ?? 'runs', model.name);
    const firstSeed = opts.seed ?? model.train.seed ?? 1;
    const done: RunResult[] = [];
    for (let k = 0; k < runs; k++) {
      const seed = firstSeed + k;
      const runDir = runs === 1 ? base : path.join(base, `seed-${seed}`);
      fs.mkdirSync(runDir, { recursive: true });
      const record = await trainOne({
        backend, model, sha256, file, data, runDir, seed, opts,
        prefix: `${models.length > 1 ? `${model.name} ` : ''}${runs > 1 ? `run ${k + 1}/${runs} ` : ''}`,
      });
      done.push(resultOf(record, runDir));
    }
    results.push(summarize(model.name, done));
    if (!opts.quiet) process.stderr.write(`${model.name}: saved in ${base}\n`);
  }
  process.stdout.write(formatResults(results, opts.format ?? 'text') + '\n');
  return EXIT.ok;
}

function resultOf(record: RunRecord, dir: string): RunResult {
  const t = record.test;
  return { seed: record.seed, accuracy: t?.accuracy ?? null, loss: t?.loss ?? NaN, dataLoss: t?.dataLoss ?? t?.loss ?? NaN, penalty: t?.penalty ?? 0, dir };
}

interface OneRun {
  backend: Awaited<ReturnType<typeof import('../../runtime/backends/index.js').loadBackend>>;
  model: IrModel;
  sha256: string;
  file: string;
  data: Dataset;
  runDir: string;
  seed: number;
  opts: TrainOptions;
  prefix: string;
  resume?: boolean;
}

async function trainOne(r: OneRun): Promise<RunRecord> {
  const { train } = await import('../../runtime/train.js');
  const { makeProgress } = await import('../../runtime/progress.js');
  const batch = r.opts.batch ?? r.model.train.batch;
  const progress = await makeProgress({ quiet: r.opts.quiet ?? false, prefix: r.prefix, batchSize: batch, samples: r.data.train.count });
  const record = await train({
    tf: r.backend.tf, backend: r.backend.name, model: r.model, spec: { path: r.file, sha256: r.sha256 }, data: r.data,
    dataRecord: { spec: r.data.name, limit: r.opts.limit, size: r.opts.dataSize, skipBad: r.opts.skipBad ?? false },
    epochs: r.opts.epochs, batch: r.opts.batch, seed: r.seed, runDir: r.runDir, progress, resume: r.resume, version: versionOf(),
  });
  const { formatFindings } = await import('../../runtime/doctor/index.js');
  if (record.diagnostics?.length) process.stderr.write(formatFindings(record.diagnostics, r.prefix));
  return record;
}

async function resume(runDir: string, file: string | undefined, opts: TrainOptions): Promise<number> {
  if (file) throw new UsageError(`--resume continues the run in ${runDir} with its own spec and settings; give no file`);
  const { readRecord, latestCheckpoint } = await import('../../runtime/run-dir.js');
  let record: RunRecord;
  try {
    record = readRecord(runDir);
  } catch {
    throw new UsageError(`cannot resume '${runDir}': no run.json there (give a run folder made by nnc train)`);
  }
  if (record.status === 'done') throw new UsageError(`the run in ${runDir} has finished (${record.epochs.length} epochs); nothing to resume`);
  const checkpoint = latestCheckpoint(runDir);
  if (!opts.quiet) process.stderr.write(checkpoint ? `resuming ${runDir} after epoch ${checkpoint.epoch} of ${record.train.epochs}\n` : `no checkpoint in ${runDir}: starting it again\n`);
  const { loadBackend } = await import('../../runtime/backends/index.js');
  const backend = await loadBackend(opts.backend ?? record.backend);
  const { loadData } = await import('../../data/index.js');
  const d = record.data;
  const data = await loadData(d.spec, { limit: d.limit, size: d.size, skipBad: d.skipBad, inputShape: record.ir.input.shape });
  const { summarize, formatResults } = await import('../../runtime/results.js');
  const done = await trainOne({
    backend, model: record.ir, sha256: record.spec.sha256, file: record.spec.path, data, runDir, seed: record.seed,
    opts: { ...opts, epochs: record.train.epochs, batch: record.train.batch, limit: d.limit, dataSize: d.size, skipBad: d.skipBad },
    prefix: '', resume: true,
  });
  process.stdout.write(formatResults([summarize(record.model, [resultOf(done, runDir)])], opts.format ?? 'text') + '\n');
  return EXIT.ok;
}
