// Training one run: build the model from the IR (or load the last checkpoint to resume), compile
// it from the train section, fit it one epoch at a time — checkpointing after each, stopping on a
// NaN or infinite loss — then evaluate it on the test split and write the run folder.
// Randomness (initial weights, dropout, shuffling) comes from the run's seed, one stream per
// epoch, so the same seed on the same backend gives the same metrics, resumed or not.
import * as path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { IrModel } from '../ir/types.js';
import { product, type Dataset } from '../data/types.js';
import type { BackendName } from './backends/index.js';
import { buildModel } from './build.js';
import { compileModel, lossOf, metricName, penaltyOf, TrainError, untrainable } from './compile-model.js';
import { evaluateModel, trainEpoch } from './epoch.js';
import { holdOut, mismatch, splitTensors } from './fit-data.js';
import { diagnose } from './doctor/index.js';
import { Probe, PROBE_SAMPLES } from './doctor/probe.js';
import { plotSvg } from './plot.js';
import type { DataRecord, EpochRecord, RunRecord } from './record.js';
import { saveModel, writeCheckpoint, writeFileAtomic, writeRecord } from './run-dir.js';
import { loadSavedModel, type Checkpoint } from './run-files.js';
import { restoreRandom, seedRandom } from './seed.js';
import type { Tf } from './tf.js';

export { compileModel, evaluateSplit, lossOf, metricName, optimizerFor, penaltyOf, TrainError } from './compile-model.js';

export interface Progress {
  epochStart(epoch: number, epochs: number, batches: number): void;
  batchEnd(batch: number, loss: number, accuracy: number | undefined): void;
  epochEnd(record: EpochRecord, epochs: number): void;
}

export interface TrainRequest {
  tf: Tf;
  backend: BackendName;
  model: IrModel;
  spec: { path: string; sha256: string };
  data: Dataset;
  dataRecord: Pick<DataRecord, 'spec' | 'path' | 'limit' | 'size' | 'skipBad'>;
  epochs?: number;
  batch?: number;
  seed: number;
  runDir: string;
  progress: Progress;
  /** Continue the run in runDir from this checkpoint (checked by readCheckpoint). */
  resume?: Checkpoint;
  /** The working folder the run started in (kept when resuming). */
  cwd: string;
  version: string;
}

export async function train(req: TrainRequest): Promise<RunRecord> {
  const { tf, model: ir, data, runDir } = req;
  const loss = lossOf(ir);
  const why = mismatch(ir, data, loss) ?? untrainable(ir);
  if (why) throw new TrainError(why);
  const epochs = req.epochs ?? ir.train.epochs;
  const batch = req.batch ?? ir.train.batch;
  const sampleSize = product(data.sampleShape);
  const nVal = Math.floor(data.train.count * ir.train.validation);
  const { train: trainSplit, validation } = holdOut(data.train, sampleSize, nVal);
  if (trainSplit.count === 0) throw new TrainError(`no training samples left in '${data.name}' (validation ${ir.train.validation} of ${data.train.count})`);

  const record: RunRecord = {
    nnc: req.version, cwd: req.cwd, status: 'running', spec: req.spec, model: ir.name, ir, backend: req.backend, seed: req.seed,
    data: {
      ...req.dataRecord, ...data.csv, classes: data.classes, sampleShape: data.sampleShape,
      train: trainSplit.count, validation: validation.count, test: data.test.count, split: data.split,
      skipped: data.skipped.count, ...(data.skipped.count ? { skippedItems: data.skipped.items } : {}),
    },
    train: { ...ir.train, batch, epochs, seed: req.seed },
    epochs: [], started: new Date().toISOString(),
  };

  let model: LayersModel;
  let start = 0;
  const checkpoint = req.resume;
  if (checkpoint) {
    model = await loadSavedModel(tf, checkpoint.dir, ir);
    record.epochs = checkpoint.epochs;
    record.probes = checkpoint.probes ?? [];
    record.started = checkpoint.started;
    start = checkpoint.epoch;
  } else {
    seedRandom(req.seed, 0);
    try {
      model = buildModel(tf, ir);
    } finally {
      restoreRandom();
    }
    compileModel(tf, model, ir);
  }
  writeRecord(runDir, record);

  const classes = data.classes.length;
  const t = splitTensors(tf, ir, trainSplit, classes, loss);
  const v = validation.count ? splitTensors(tf, ir, validation, classes, loss) : undefined;
  const batches = Math.ceil(trainSplit.count / batch);
  record.probes ??= [];
  const probe = new Probe(tf, model);
  const probeCount = Math.min(PROBE_SAMPLES, trainSplit.count);
  const px = tf.core.slice(t.x, 0, probeCount), py = tf.core.slice(t.y, 0, probeCount);
  try {
    for (let epoch = start; epoch < epochs; epoch++) {
      let bad: { batch: number; loss: number } | undefined;
      // Per batch: the penalty after the step (for the loss split) and spikes against a running mean.
      let penaltySum = 0, running: number | undefined, spikes = 0, maxSpike = 0;
      const t0 = performance.now();
      let trained = t0;
      req.progress.epochStart(epoch, epochs, batches);
      seedRandom(req.seed, epoch + 1);
      let result;
      try {
        result = await trainEpoch(tf, model, t.x, t.y, epoch, {
          batch, shuffle: ir.train.shuffle, ...(v ? { validation: v } : {}),
          onBatchEnd: ({ batch: b, loss: l, accuracy }, control) => {
            trained = performance.now();
            if (!Number.isFinite(l) && !bad) {
              bad = { batch: b + 1, loss: l };
              control.stop();
            }
            penaltySum += control.penalty();
            if (running !== undefined && b >= 5 && l > 2 * running) {
              spikes++;
              maxSpike = Math.max(maxSpike, l / running);
            }
            running = running === undefined ? l : 0.9 * running + 0.1 * l;
            req.progress.batchEnd(b + 1, l, accuracy);
          },
        });
      } finally {
        restoreRandom();
      }
      if (bad) {
        const kept = epoch === 0 ? 'no checkpoint was written (it diverged in the first epoch)' : `the checkpoint after epoch ${epoch} is kept in ${path.join(runDir, 'checkpoint')}`;
        record.status = 'diverged';
        record.nanLayer = probe.nanLayer(px);
        record.message = `the loss became ${bad.loss} in epoch ${epoch + 1}, batch ${bad.batch}; training stopped; ${kept}. Try a lower learning rate or check the data for extreme values.`;
        record.diagnostics = diagnose(record);
        writeRecord(runDir, record);
        throw new TrainError(record.message);
      }
      const seconds = (trained - t0) / 1000;
      const logs: Record<string, number> = {};
      for (const [k, val] of Object.entries(result.logs)) logs[metricName(k)] = val;
      const penalty = penaltySum / batches;
      const endPenalty = penaltyOf(tf, model);
      const split = { dataLoss: logs['loss']! - penalty, penalty };
      const val = logs['valLoss'] === undefined ? {} : { valLoss: logs['valLoss'] + endPenalty, valDataLoss: logs['valLoss'] };
      const rec: EpochRecord = { epoch: epoch + 1, ...logs, loss: logs['loss']!, ...split, ...val, seconds: round(seconds, 3), samplesPerSecond: round(trainSplit.count / seconds, 1) };
      record.epochs.push(rec);
      record.probes.push({ epoch: epoch + 1, samples: probeCount, layers: probe.measure(px, py), spikes, maxSpike: round(maxSpike, 3) });
      await writeCheckpointWithState(tf, model, runDir, epoch + 1, record);
      writeRecord(runDir, record);
      writeFileAtomic(path.join(runDir, 'plot.svg'), plotSvg(`${ir.name} (seed ${req.seed}, ${req.backend})`, record.epochs));
      req.progress.epochEnd(rec, epochs);
    }
    const test = splitTensors(tf, ir, data.test, classes, loss);
    try {
      record.test = data.test.count ? (await evaluateModel(tf, model, test.x, test.y, batch)) as RunRecord['test'] : undefined;
    } finally {
      test.x.dispose();
      test.y.dispose();
    }
    await saveModel(tf, model, runDir, false);
    record.status = 'done';
    record.diagnostics = diagnose(record);
    record.finished = new Date().toISOString();
    writeRecord(runDir, record);
    writeFileAtomic(path.join(runDir, 'plot.svg'), plotSvg(`${ir.name} (seed ${req.seed}, ${req.backend})`, record.epochs));
    return record;
  } finally {
    t.x.dispose();
    t.y.dispose();
    px.dispose();
    py.dispose();
    v?.x.dispose();
    v?.y.dispose();
    model.dispose();
  }
}

async function writeCheckpointWithState(tf: Tf, model: LayersModel, runDir: string, epoch: number, record: RunRecord): Promise<void> {
  await writeCheckpoint(tf, model, runDir, epoch, (dir) => {
    writeFileAtomic(path.join(dir, 'state.json'), JSON.stringify({ epochs: record.epochs, probes: record.probes, started: record.started }) + '\n');
  });
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
