// How long an experiment will take, before it starts: each run's work is its static training
// FLOPs (forward FLOPs per sample from the analysis, times 3 for the backward pass, times samples
// and epochs), and the backend's speed is measured, not assumed: a few timed training steps of a
// network at each batch size the experiment trains it with, on the chosen backend, after an untimed
// one. Small batches cost more per sample (per-step overhead), and convolutions and dense layers
// run at different speeds: measuring per network and batch size captures both.
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

/** Runs with the same key train at the same speed: the same network (train settings aside) and batch size. */
export function speedKey(w: Pick<PendingWork, 'model' | 'batch'>): string {
  const network = JSON.stringify([w.model.input, w.model.nodes.map((n) => [n.kind, n.attrs, n.inputs, n.outputShape])]);
  return `${network}|${w.batch}`;
}

/** Seconds for the pending work at the measured speeds (FLOP/s by speedKey). */
export function estimateSeconds(work: PendingWork[], flopsPerSecond: Map<string, number>): number {
  let seconds = 0;
  for (const w of work) {
    const speed = flopsPerSecond.get(speedKey(w));
    if (speed && speed > 0) seconds += (w.epochs * w.samples * trainFlopsPerSample(w.model)) / speed;
  }
  return seconds;
}

/**
 * Each timed pass is at least STEPS batches and SAMPLES samples (a pass of `fit` has a fixed cost,
 * which must not dwarf small batches); passes are timed until half a second, at most 3 s.
 */
const STEPS = 8;
const SAMPLES = 256;
const MIN_MEASURE_MS = 500;
const MAX_MEASURE_MS = 3_000;

/**
 * Training FLOP/s of `model` on the backend at batch size `batch`: passes of `fit` over the first
 * STEPS batches of `data`, as training runs them, timed after one untimed pass that builds the
 * kernels. (A model whose FLOPs the analysis puts at zero measures nothing.)
 */
export async function measureFlopsPerSecond(tf: Tf, model: IrModel, data: Dataset, batch: number): Promise<number> {
  const { buildModel } = await import('../runtime/build.js');
  const { compileModel, lossOf, penaltyOf } = await import('../runtime/compile-model.js');
  const { splitTensors } = await import('../runtime/fit-data.js');
  const n = Math.max(1, Math.min(Math.max(batch * STEPS, SAMPLES), data.train.count));
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  const split = { x: data.train.x.subarray(0, n * size), y: data.train.y.subarray(0, n), count: n };
  const built = buildModel(tf, model);
  compileModel(tf, built, model);
  const { x, y } = splitTensors(tf, model, split, data.classes.length, lossOf(model));
  // Training reads the L1/L2 penalty after every step (train.ts); so does the measurement.
  const callbacks = { onBatchEnd: async () => void penaltyOf(tf, built) };
  const pass = () => built.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0, callbacks });
  try {
    await pass();
    const t0 = performance.now();
    let passes = 0;
    while (passes === 0 || (performance.now() - t0 < MIN_MEASURE_MS && performance.now() - t0 < MAX_MEASURE_MS)) {
      await pass();
      passes++;
    }
    const seconds = (performance.now() - t0) / 1000;
    return (passes * n * trainFlopsPerSample(model)) / Math.max(seconds, 1e-6);
  } finally {
    x.dispose();
    y.dispose();
    built.dispose();
  }
}

/** `42 s`, `12 min 5 s`, `52 h 25 min`. */
export function humanDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
