// `nnc train FILE --data DATA`: trains each chosen model --runs times (seeds S, S+1, ...) on the
// chosen backend, writes a run folder per run and prints the results table on stdout (progress
// goes to stderr). `nnc train --resume RUN_DIR` continues a run from its last checkpoint.
import type { BackendChoice } from '../../runtime/backends/index.js';
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
  root?: string;
}

export async function runTrain(file: string | undefined, opts: TrainOptions): Promise<number> {
  return runtimeErrors(async () => (opts.resume ? resume(opts.resume, file, opts) : trainNew(file, opts)));
}

async function trainNew(file: string | undefined, opts: TrainOptions): Promise<number> {
  if (!file) throw new UsageError('give a .nn file to train (or --resume RUN_DIR)');
  if (!opts.data) throw new UsageError(`give the data to train on: --data mnist, --data shapes[:N], --data FOLDER or --data FILE.csv`);
  const compiled = compileOrReport(file, opts.root);
  if (!compiled) return EXIT.errors;
  const models = selectModels(compiled.ir, opts.model);
  if (models.length === 0) throw new UsageError(`${file} defines no models`);
  const { trainModels } = await import('../../runtime/session.js');
  const results = await trainModels({ file, models }, { ...opts, data: opts.data }, (line) => process.stderr.write(line + '\n'), versionOf());
  const { formatResults } = await import('../../runtime/results.js');
  process.stdout.write(formatResults(results, opts.format ?? 'text') + '\n');
  return EXIT.ok;
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
  const { trainOne, resultOf } = await import('../../runtime/session.js');
  const done = await trainOne({
    backend, model: record.ir, sha256: record.spec.sha256, file: record.spec.path, data, runDir, seed: record.seed,
    opts: { ...opts, data: d.spec, epochs: record.train.epochs, batch: record.train.batch, limit: d.limit, dataSize: d.size, skipBad: d.skipBad },
    prefix: '', resume: true, version: versionOf(),
  });
  process.stdout.write(formatResults([summarize(record.model, [resultOf(done, runDir)])], opts.format ?? 'text') + '\n');
  return EXIT.ok;
}
