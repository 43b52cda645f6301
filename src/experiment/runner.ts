// Runs an experiment of the IR: every variant `runs` times into
// <out>/<experiment>/<variant folder>/seed-<s>/, through the same trainOne as `nnc train`. Before
// starting it prints the grid's size and an estimate of the time (estimate.ts). It resumes: a run
// whose run.json says done (or diverged) for the same variant, seed and settings is kept, an
// unfinished one continues from its checkpoint, anything else starts again. At the end it reads
// every run back into ExperimentResults and writes results.json and the report in <...>/report/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { isBuiltinData, type Dataset } from '../data/types.js';
import type { IrExperiment, IrModel, IrVariant } from '../ir/types.js';
import type { BackendChoice, LoadedBackend } from '../runtime/backends/index.js';
import type { RunRecord } from '../runtime/record.js';
import { readCheckpoint, readRunRecord, type Checkpoint } from '../runtime/run-files.js';
import type { SessionOptions } from '../runtime/session.js';
import { summarize } from '../analysis/summary.js';
import { memoryProblem } from '../runtime/fits-memory.js';
import type { ExperimentResults, ExperimentRun, ExperimentVariant } from './types.js';
import { estimateSeconds, humanDuration, measureFlopsPerSecond, speedKey, type PendingWork } from './estimate.js';
import { makeDir } from '../make-dir.js';

export interface ExperimentOptions {
  /** Override the declaration's data, runs, and each variant's epochs and batch size. */
  data?: string;
  runs?: number;
  epochs?: number;
  batch?: number;
  /** Use only the first N training samples. */
  limit?: number;
  dataSize?: number;
  skipBad?: boolean;
  label?: string;
  delimiter?: string;
  backend?: BackendChoice;
  /** The folder experiments go in; default `runs`. */
  out?: string;
  quiet?: boolean;
  /** Training progress and findings through `log` too, never to stderr (for library use). */
  lines?: boolean;
}

/** One run of the plan: where it goes and what is there already. */
interface PlannedRun {
  variant: IrVariant;
  seed: number;
  dir: string;
  state: 'done' | 'resume' | 'new';
  checkpoint?: Checkpoint;
}

export interface ExperimentOutcome {
  results: ExperimentResults;
  /** The report folder, and the report's files in it. */
  reportDir: string;
  report: { md: string; html: string };
}

/** Runs `x` (declared in `file`); messages go to `log`. Throws DataError/TrainError for bad data. */
export async function runExperiment(file: string, x: IrExperiment, opts: ExperimentOptions, log: (line: string) => void, version: string): Promise<ExperimentOutcome> {
  const started = new Date();
  const dataSpec = await dataOf(file, x, opts);
  const runs = opts.runs ?? x.runs;
  const root = path.join(opts.out ?? 'runs', x.name);
  const datasets = await loadDatasets(x, dataSpec, opts);
  const backend = await chooseBackend(x, opts, log);
  // The folders first: a file in the way, or a folder that cannot be made, stops it before training.
  makeDir(path.join(root, 'report'));
  const plan = planRuns(x, root, runs, dataSpec, opts);

  const pending = plan.filter((r) => r.state !== 'done');
  const resumed = plan.filter((r) => r.state === 'resume').length;
  const data0 = datasets.get(x.variants[0]!.ir.input.shape.join('x'))!;
  log(`${x.name}: ${x.variants.length} variant${x.variants.length === 1 ? '' : 's'} x ${runs} run${runs === 1 ? '' : 's'} = ${plan.length} run${plan.length === 1 ? '' : 's'} on ${dataSpec} (${data0.train.count.toLocaleString('en-US')} training samples), backend ${backend.name}`);
  const work = pending.map((r) => workOf(r, datasets, opts));
  let estimate = 0;
  if (pending.length) {
    const speeds = await measureSpeeds(backend, work, datasets);
    estimate = estimateSeconds(work, speeds);
    const measured = describeSpeeds(work, speeds);
    const done = plan.length - pending.length;
    log(`to do: ${pending.length} run${pending.length === 1 ? '' : 's'}${done ? ` (${done} done already)` : ''}${resumed ? `, ${resumed} resumed from a checkpoint` : ''}; estimated time ${humanDuration(estimate)} (measured ${measured})`);
  } else log('every run has finished already; writing the report');

  const { trainOne } = await import('../runtime/session.js');
  const { TrainError } = await import('../runtime/train.js');
  const t0 = performance.now();
  for (const [k, run] of pending.entries()) {
    const tag = `[${k + 1}/${pending.length}]`;
    log(`${tag} ${run.variant.label}, seed ${run.seed}${run.checkpoint ? ` (resuming after epoch ${run.checkpoint.epoch})` : ''}`);
    if (run.state === 'new') fs.rmSync(run.dir, { recursive: true, force: true });
    makeDir(run.dir);
    const model = run.variant.ir;
    const session: SessionOptions = { data: dataSpec, epochs: opts.epochs, batch: opts.batch, limit: opts.limit, dataSize: opts.dataSize, skipBad: opts.skipBad, quiet: opts.quiet };
    try {
      await trainOne({
        backend, model, sha256: sha256(file), file, data: datasets.get(model.input.shape.join('x'))!, runDir: run.dir, seed: run.seed, opts: session,
        prefix: `${tag} `, resume: run.checkpoint, ...(opts.lines ? { log } : {}), cwd: process.cwd(), version, ...(isBuiltinData(dataSpec) ? {} : { dataPath: path.resolve(dataSpec) }),
      });
    } catch (e) {
      if (!(e instanceof TrainError)) throw e;
      log(`${tag} ${e.message}`);
    }
    const elapsed = (performance.now() - t0) / 1000;
    if (k + 1 < pending.length) log(`${tag} done; elapsed ${humanDuration(elapsed)}, about ${humanDuration(remaining(work, k, elapsed))} left`);
  }

  const reportDir = path.join(root, 'report');
  const results = collect(file, x, plan, { dataSpec, runs, backend: backend.name, version, started, estimate, root, epochs: opts.epochs, batch: opts.batch, trained: pending.length > 0 });
  const { writeFileAtomic } = await import('../runtime/run-dir.js');
  writeFileAtomic(path.join(reportDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const { writeReport } = await import('./report/index.js');
  const report = writeReport(reportDir, results);
  return { results, reportDir, report };
}

type Times = Pick<ExperimentResults, 'started' | 'finished' | 'estimateSeconds' | 'elapsedSeconds'>;

/**
 * When nothing was left to train, the report keeps the times of the invocation that trained: those
 * of the last report, or else the span of the runs' own start and end, with no estimate.
 */
function timesWithoutTraining(reportDir: string, name: string, records: RunRecord[], now: Times): Times {
  try {
    const last = JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as Partial<ExperimentResults>;
    if (last.name === name && typeof last.started === 'string') {
      return { started: last.started, finished: last.finished, estimateSeconds: last.estimateSeconds, elapsedSeconds: last.elapsedSeconds };
    }
  } catch {
    // no report yet, or a damaged one: fall back to the runs' times
  }
  if (records.length === 0) return { started: now.started, finished: now.finished, estimateSeconds: undefined, elapsedSeconds: undefined };
  const started = records.map((r) => r.started).sort()[0]!;
  const finished = records.map((r) => r.finished ?? r.started).sort().at(-1)!;
  return { started, finished, estimateSeconds: undefined, elapsedSeconds: undefined };
}

/** The time left, scaling the estimate of the runs still to do by how the finished ones compared with theirs. */
function remaining(work: PendingWork[], k: number, elapsed: number): number {
  const unit = new Map(work.map((w) => [speedKey(w), 1]));
  const doneFlops = estimateSeconds(work.slice(0, k + 1), unit);
  const leftFlops = estimateSeconds(work.slice(k + 1), unit);
  return doneFlops > 0 ? (elapsed * leftFlops) / doneFlops : 0;
}

/** The data: --data, else the declaration's (a path in it is relative to the spec's folder). */
async function dataOf(file: string, x: IrExperiment, opts: ExperimentOptions): Promise<string> {
  if (opts.data) return opts.data;
  if (x.data === null) throw new (await import('../runtime/train.js')).TrainError(`experiment '${x.name}' names no data; add 'data: ...' to it or give --data`);
  return isBuiltinData(x.data) || path.isAbsolute(x.data) ? x.data : path.join(path.dirname(file), x.data);
}

/** The data for each input shape the variants have, each checked against every variant first. */
async function loadDatasets(x: IrExperiment, data: string, opts: ExperimentOptions): Promise<Map<string, Dataset>> {
  const { loadData } = await import('../data/index.js');
  const { mismatch } = await import('../runtime/fit-data.js');
  const { lossOf, TrainError } = await import('../runtime/train.js');
  const out = new Map<string, Dataset>();
  for (const v of x.variants) {
    const key = v.ir.input.shape.join('x');
    if (!out.has(key)) {
      out.set(key, await loadData(data, { limit: opts.limit, size: opts.dataSize, skipBad: opts.skipBad, label: opts.label, delimiter: opts.delimiter, inputShape: v.ir.input.shape }));
    }
    const why = mismatch(v.ir, out.get(key)!, lossOf(v.ir));
    if (why) throw new TrainError(`${v.label}: ${why}`);
    const tooBig = memoryProblem(v.ir, opts.batch ?? v.ir.train.batch, out.get(key)!.train.count);
    if (tooBig) throw new TrainError(tooBig);
  }
  return out;
}

async function chooseBackend(x: IrExperiment, opts: ExperimentOptions, log: (line: string) => void): Promise<LoadedBackend> {
  const { loadBackend, autoChoice, wasmTrainingGap } = await import('../runtime/backends/index.js');
  const { TrainError } = await import('../runtime/train.js');
  const gap = x.variants.map((v) => wasmTrainingGap(v.ir)).find(Boolean);
  let choice = opts.backend ?? 'auto';
  if (gap && (choice === 'wasm' || (choice === 'auto' && autoChoice() === 'wasm'))) {
    if (choice === 'wasm') throw new TrainError(gap);
    log(`note: ${gap}; using cpu`);
    choice = 'cpu';
  }
  const backend = await loadBackend(choice);
  if (backend.notice) log(`note: ${backend.notice}`);
  return backend;
}

/** Every variant x seed, with what its folder holds already. */
function planRuns(x: IrExperiment, root: string, runs: number, dataSpec: string, opts: ExperimentOptions): PlannedRun[] {
  const out: PlannedRun[] = [];
  for (const variant of x.variants) {
    const first = x.seed ?? variant.ir.train.seed ?? 1;
    for (let k = 0; k < runs; k++) {
      const seed = first + k;
      const dir = path.join(root, variant.folder, `seed-${seed}`);
      out.push({ variant, seed, dir, ...existing(dir, variant.ir, seed, dataSpec, opts) });
    }
  }
  return out;
}

/** What a run folder holds: a finished run of this variant, one to resume, or nothing usable. */
function existing(dir: string, model: IrModel, seed: number, dataSpec: string, opts: ExperimentOptions): Pick<PlannedRun, 'state' | 'checkpoint'> {
  if (!fs.existsSync(path.join(dir, 'run.json'))) return { state: 'new' };
  let record: RunRecord;
  try {
    record = readRunRecord(dir);
  } catch {
    return { state: 'new' }; // damaged: train it again
  }
  const same = fingerprint(record.ir) === fingerprint(model) && record.seed === seed && record.data.spec === dataSpec
    && record.data.limit === opts.limit && record.data.size === opts.dataSize && record.train.epochs === (opts.epochs ?? model.train.epochs) && record.train.batch === (opts.batch ?? model.train.batch);
  if (!same) return { state: 'new' };
  if (record.status !== 'running') return { state: 'done' };
  try {
    const checkpoint = readCheckpoint(dir, record);
    return checkpoint ? { state: 'resume', checkpoint } : { state: 'new' };
  } catch {
    return { state: 'new' };
  }
}


/** A model's IR without where it was written: moving a declaration does not make its runs stale. */
function fingerprint(model: IrModel): string {
  return JSON.stringify(model, (k, v: unknown) => (k === 'loc' || k === 'file' ? undefined : v));
}

function sha256(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return createHash('sha256').update(file).digest('hex');
  }
}

function workOf(run: PlannedRun, datasets: Map<string, Dataset>, opts: ExperimentOptions): PendingWork {
  const model = run.variant.ir;
  const data = datasets.get(model.input.shape.join('x'))!;
  const validation = Math.floor(data.train.count * model.train.validation);
  const epochs = (opts.epochs ?? model.train.epochs) - (run.checkpoint?.epoch ?? 0);
  return { model, batch: opts.batch ?? model.train.batch, epochs, samples: data.train.count - validation, evaluated: validation * epochs + data.test.count };
}

/** FLOP/s of each network and batch size still to be trained, measured on the first run that uses it. */
async function measureSpeeds(backend: LoadedBackend, work: PendingWork[], datasets: Map<string, Dataset>): Promise<Map<string, number>> {
  const speeds = new Map<string, number>();
  for (const w of work) {
    const key = speedKey(w);
    if (speeds.has(key)) continue;
    speeds.set(key, await measureFlopsPerSecond(backend.tf, w.model, datasets.get(w.model.input.shape.join('x'))!, w.batch));
  }
  return speeds;
}

/** `1.52 GFLOP/s at batch 32, 0.12 at batch 1`: the range measured at each batch size. */
function describeSpeeds(work: PendingWork[], speeds: Map<string, number>): string {
  const byBatch = new Map<number, number[]>();
  for (const [key, speed] of speeds) {
    const batch = work.find((w) => speedKey(w) === key)!.batch;
    byBatch.set(batch, [...(byBatch.get(batch) ?? []), speed / 1e9]);
  }
  const range = (xs: number[]) => (Math.min(...xs).toFixed(2) === Math.max(...xs).toFixed(2) ? Math.min(...xs).toFixed(2) : `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`);
  return [...byBatch].map(([batch, xs]) => `${range(xs)} GFLOP/s at batch ${batch}`).join(', ');
}

interface CollectInfo {
  dataSpec: string;
  runs: number;
  backend: string;
  version: string;
  started: Date;
  estimate: number;
  root: string;
  /** --epochs and --batch, when given. */
  epochs?: number;
  batch?: number;
  /** Whether this invocation trained any run (else the report keeps earlier times). */
  trained: boolean;
}

/** Every run of the plan read back from its folder (finished or diverged), grouped by variant. */
function collect(file: string, x: IrExperiment, plan: PlannedRun[], info: CollectInfo): ExperimentResults {
  const reportDir = path.join(info.root, 'report');
  const records = new Map(plan.flatMap((r) => {
    const record = finishedRecord(r.dir);
    return record ? [[r, record] as const] : [];
  }));
  const variants: ExperimentVariant[] = x.variants.map((v) => {
    const totals = summarize(v.ir).totals;
    const runs = plan.filter((r) => r.variant === v && records.has(r)).map((r) => runOf(r, records.get(r)!, reportDir));
    const settings = { epochs: info.epochs ?? v.ir.train.epochs, batch: info.batch ?? v.ir.train.batch, lr: v.ir.train.optimizer.lr };
    return {
      label: v.label, model: v.model, args: v.args, settings,
      static: { params: totals.params, trainable: totals.trainable, nonTrainable: totals.nonTrainable, macs: totals.macs, flops: totals.flops }, runs,
    };
  });
  const finished = new Date();
  const now: Times = {
    started: info.started.toISOString(), finished: finished.toISOString(),
    estimateSeconds: round(info.estimate, 1), elapsedSeconds: round((finished.getTime() - info.started.getTime()) / 1000, 1),
  };
  const times = info.trained ? now : timesWithoutTraining(reportDir, x.name, [...records.values()], now);
  return { name: x.name, file, data: info.dataSpec, runs: info.runs, backend: info.backend, nnc: info.version, ...times, variants };
}

/** The run.json of a finished (done or diverged) run, or undefined. */
function finishedRecord(dir: string): RunRecord | undefined {
  try {
    const record = readRunRecord(dir);
    return record.status === 'running' ? undefined : record;
  } catch {
    return undefined;
  }
}

function runOf(run: PlannedRun, record: RunRecord, reportDir: string): ExperimentRun {
  const t = record.test;
  const loss = t?.loss ?? NaN;
  return {
    seed: record.seed, dir: path.relative(reportDir, run.dir),
    test: { accuracy: t?.accuracy ?? null, loss, dataLoss: t?.dataLoss ?? loss, penalty: t?.penalty ?? 0 },
    epochs: record.epochs, diagnostics: record.diagnostics ?? [],
    seconds: round(record.epochs.reduce((s, e) => s + e.seconds, 0), 3),
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
