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

/**
 * What a run still has to do: `epochs` epochs over `samples` training samples at batch size
 * `batch`, and forward passes over `evaluated` samples (validation each epoch, the test split once).
 */
export interface PendingWork {
  model: IrModel;
  batch: number;
  epochs: number;
  samples: number;
  evaluated?: number;
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
    const flops = trainFlopsPerSample(w.model);
    if (speed && speed > 0) seconds += (w.epochs * w.samples * flops + ((w.evaluated ?? 0) * flops) / TRAIN_FLOPS_FACTOR) / speed;
  }
  return seconds;
}

/** Timed steps: at least MIN_STEPS until MIN_MS have passed, and never past MAX_MS (a slow step counts alone). */
const MIN_STEPS = 3;
const MIN_MS = 500;
const MAX_MS = 2_000;
/** The most batches one timed `fit` is given; it stops itself when the time is up. */
const MAX_STEPS = 400;

/**
 * Training FLOP/s of `model` on the backend at batch size `batch`: training steps on the first
 * samples of `data`, run as training runs them (runtime/epoch.ts) (reading the L1/L2 penalty after each step,
 * as train.ts does), timed after one untimed step that builds the kernels. (A model whose FLOPs the
 * analysis puts at zero measures nothing.)
 */
export async function measureFlopsPerSecond(tf: Tf, model: IrModel, data: Dataset, batch: number): Promise<number> {
  const { buildModel } = await import('../runtime/build.js');
  const { compileModel, lossOf } = await import('../runtime/compile-model.js');
  const { splitTensors } = await import('../runtime/fit-data.js');
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  const take = (n: number) => splitTensors(tf, model, { x: data.train.x.subarray(0, n * size), y: data.train.y.subarray(0, n), count: n }, data.classes.length, lossOf(model));
  const step = Math.max(1, Math.min(batch, data.train.count));
  const built = buildModel(tf, model);
  compileModel(tf, built, model);
  const warm = take(step);
  const timed = take(Math.min(data.train.count, step * MAX_STEPS));
  const { trainEpoch } = await import('../runtime/epoch.js');
  // Through the epoch function nnc train uses (the compiled step where the model takes it),
  // with the penalty read after each batch as it does.
  let steps = 0, t0 = 0, t1 = 0;
  const onBatchEnd = (_b: unknown, control: { penalty(): number; stop(): void }) => {
    void control.penalty();
    steps++;
    t1 = performance.now();
    const ms = t1 - t0;
    if ((steps >= MIN_STEPS && ms >= MIN_MS) || ms >= MAX_MS) control.stop();
  };
  try {
    await trainEpoch(tf, built, warm.x, warm.y, 0, { batch, shuffle: true, onBatchEnd: () => {} });
    t0 = performance.now();
    await trainEpoch(tf, built, timed.x, timed.y, 0, { batch, shuffle: false, onBatchEnd });
    return (steps * step * trainFlopsPerSample(model)) / Math.max((t1 - t0) / 1000, 1e-6);
  } finally {
    for (const t of [warm.x, warm.y, timed.x, timed.y]) t.dispose();
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
