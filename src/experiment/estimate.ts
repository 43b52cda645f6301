// How long an experiment will take, before it starts: each run's work is its static training
// FLOPs (forward FLOPs per sample from the analysis, times 3 for the backward pass, times samples
// and epochs), and the backend's speed is measured, not assumed: a few timed training steps of a
// variant at each batch size the experiment uses, on the chosen backend, after an untimed one.
// Small batches cost more per sample (per-step overhead), which measuring per batch size captures.
import type { IrModel } from '../ir/types.js';
import type { Dataset } from '../data/types.js';
import { summarize } from '../analysis/summary.js';
import type { Tf } from '../runtime/tf.js';

/** Forward + backward: the backward pass costs about twice the forward one. */
export const TRAIN_FLOPS_FACTOR = 3;

/** Training FLOPs of one sample through `model`. */
export function trainFlopsPerSample(model: IrModel): number {
  return TRAIN_FLOPS_FACTOR * summarize(model).totals.flops;
}

/** What a run still has to do: `epochs` epochs over `samples` training samples at batch size `batch`. */
export interface PendingWork {
  model: IrModel;
  batch: number;
  epochs: number;
  samples: number;
}

/** Seconds for the pending work at the measured speeds (FLOP/s by batch size). */
export function estimateSeconds(work: PendingWork[], flopsPerSecond: Map<number, number>): number {
  let seconds = 0;
  for (const w of work) {
    const speed = flopsPerSecond.get(w.batch);
    if (speed && speed > 0) seconds += (w.epochs * w.samples * trainFlopsPerSample(w.model)) / speed;
  }
  return seconds;
}

/** Steps timed per batch size (after one untimed step that builds the kernels), and the time spent at most. */
const TIMED_STEPS = 3;
const MAX_MEASURE_MS = 3_000;

/**
 * Training FLOP/s of `model` on the backend at batch size `batch`, from a few training steps on
 * the first samples of `data` (a model whose FLOPs the analysis puts at zero measures nothing).
 */
export async function measureFlopsPerSecond(tf: Tf, model: IrModel, data: Dataset, batch: number): Promise<number> {
  const { buildModel } = await import('../runtime/build.js');
  const { compileModel, lossOf } = await import('../runtime/compile-model.js');
  const { splitTensors } = await import('../runtime/fit-data.js');
  const n = Math.max(1, Math.min(batch, data.train.count));
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  const split = { x: data.train.x.subarray(0, n * size), y: data.train.y.subarray(0, n), count: n };
  const built = buildModel(tf, model);
  compileModel(tf, built, model);
  const { x, y } = splitTensors(tf, model, split, data.classes.length, lossOf(model));
  try {
    await built.trainOnBatch(x, y);
    const t0 = performance.now();
    let steps = 0;
    while (steps < TIMED_STEPS && performance.now() - t0 < MAX_MEASURE_MS) {
      await built.trainOnBatch(x, y);
      steps++;
    }
    const seconds = (performance.now() - t0) / 1000;
    return (steps * n * trainFlopsPerSample(model)) / Math.max(seconds, 1e-6);
  } finally {
    x.dispose();
    y.dispose();
    built.dispose();
  }
}
