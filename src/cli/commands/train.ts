// `nnc train FILE --data DATA`: trains each chosen model --runs times (seeds S, S+1, ...) on the
// chosen backend, writes a run folder per run and prints the results table on stdout (progress
// goes to stderr). `nnc train --resume RUN_DIR` continues a run from its last checkpoint.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isBuiltinData, type Dataset } from '../../data/types.js';
import type { SessionOptions } from '../../runtime/session.js';
import type { RunRecord } from '../../runtime/record.js';
import { EXIT, UsageError } from '../output.js';
import { compileOrReport, selectModels } from './common.js';
import { runtimeErrors, versionOf } from './runtime-common.js';

export interface TrainOptions extends Omit<SessionOptions, 'data' | 'lines'> {
  model?: string;
  data?: string;
  format?: 'text' | 'md' | 'json';
  resume?: string;
  root?: string;
}

export async function runTrain(file: string | undefined, opts: TrainOptions): Promise<number> {
  return runtimeErrors(async () => (opts.resume ? resume(opts.resume, file, opts) : trainNew(file, opts)));
}

async function trainNew(file: string | undefined, opts: TrainOptions): Promise<number> {
  if (!file) throw new UsageError('give a .nn file to train (or --resume RUN_DIR)');
  if (!opts.data) throw new UsageError(`give the data to train on: --data mnist, --data shapes[:N], --data stripes[:N], --data FOLDER or --data FILE.csv`);
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
  // Every file of the run folder is checked before anything is loaded or written.
  const { readRunRecord, readCheckpoint } = await import('../../runtime/run-files.js');
  const record = readRunRecord(runDir);
  if (record.status === 'done') throw new UsageError(`the run in ${runDir} has finished (${record.epochs.length} epochs); nothing to resume`);
  const checkpoint = readCheckpoint(runDir, record);
  const d = record.data;
  const dataPath = resumeDataPath(runDir, record);
  const { loadData } = await import('../../data/index.js');
  const data = await loadData(dataPath ?? d.spec, {
    limit: d.limit, size: d.size, skipBad: d.skipBad, label: d.label, delimiter: d.delimiter, features: d.features, inputShape: record.ir.input.shape,
  });
  const changed = dataChange(record, data);
  if (changed) throw new (await import('../../runtime/train.js')).TrainError(`the data '${dataPath ?? d.spec}' has changed since the run started: ${changed}; the run cannot continue on it`);
  if (!opts.quiet) process.stderr.write(checkpoint ? `resuming ${runDir} after epoch ${checkpoint.epoch} of ${record.train.epochs}\n` : `no checkpoint in ${runDir}: starting it again\n`);
  const { loadBackend } = await import('../../runtime/backends/index.js');
  const backend = await loadBackend(opts.backend ?? record.backend);
  const { summarize, formatResults } = await import('../../runtime/results.js');
  const { trainOne, resultOf } = await import('../../runtime/session.js');
  const done = await trainOne({
    backend, model: record.ir, sha256: record.spec.sha256, file: record.spec.path, data: { ...data, name: d.spec }, runDir, seed: record.seed,
    opts: { ...opts, data: d.spec, epochs: record.train.epochs, batch: record.train.batch, limit: d.limit, dataSize: d.size, skipBad: d.skipBad },
    prefix: '', resume: checkpoint, dataPath, cwd: record.cwd ?? process.cwd(), version: versionOf(),
  });
  process.stdout.write(formatResults([summarize(record.model, [resultOf(done, runDir)])], opts.format ?? 'text') + '\n');
  return EXIT.ok;
}

/**
 * Where a run's data file or folder is: the absolute path run.json records, else (older records)
 * its relative path against the working folder the run started in, else against this one when
 * the data is there.
 */
function resumeDataPath(runDir: string, record: RunRecord): string | undefined {
  const d = record.data;
  if (d.path) return d.path;
  if (isBuiltinData(d.spec) || path.isAbsolute(d.spec)) return undefined;
  if (record.cwd) return path.resolve(record.cwd, d.spec);
  if (fs.existsSync(d.spec)) return path.resolve(d.spec);
  throw new UsageError(`${path.join(runDir, 'run.json')} gives the data as '${d.spec}', relative to the folder the run was started in, which it does not record; resume from that folder`);
}

/** How the data differs from what the run was started on; undefined when it does not. */
function dataChange(record: RunRecord, data: Dataset): string | undefined {
  const d = record.data;
  if (data.classes.join('\n') !== d.classes.join('\n')) return `its classes are ${data.classes.slice(0, 12).join(', ')}, not ${d.classes.slice(0, 12).join(', ')}`;
  if (data.sampleShape.join('x') !== d.sampleShape.join('x')) return `its samples are ${data.sampleShape.join('x')}, not ${d.sampleShape.join('x')}`;
  const count = (d.train ?? 0) + (d.validation ?? 0);
  if (d.train !== undefined && data.train.count !== count) return `${data.train.count} training samples, not ${count}`;
  if (d.test !== undefined && data.test.count !== d.test) return `${data.test.count} test samples, not ${d.test}`;
  return undefined;
}
