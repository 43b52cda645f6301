// Evaluating and predicting with a saved run: the model from the run folder, compiled as it was
// trained, on new data (checked against the model as before training).
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/types.js';
import { mismatch, splitTensors } from './fit-data.js';
import type { RunRecord } from './record.js';
import { loadModel, readRecord } from './run-dir.js';
import type { Tf } from './tf.js';
import { compileModel, evaluateSplit, lossOf, TrainError } from './train.js';

export async function loadRun(tf: Tf, runDir: string): Promise<{ record: RunRecord; model: LayersModel }> {
  let record: RunRecord;
  try {
    record = readRecord(runDir);
  } catch {
    throw new TrainError(`'${runDir}' is not a run folder: no readable run.json (give a folder made by nnc train)`);
  }
  if (record.status !== 'done') throw new TrainError(`the run in ${runDir} has not finished (${record.status}); resume it with nnc train --resume ${runDir}`);
  const model = await loadModel(tf, runDir);
  compileModel(tf, model, record.ir);
  return { record, model };
}

/** Loss and metrics of a run's model on the test split of `data`. */
export async function evaluateRun(tf: Tf, runDir: string, data: Dataset): Promise<{ record: RunRecord; metrics: Record<string, number> }> {
  const { record, model } = await loadRun(tf, runDir);
  try {
    const loss = lossOf(record.ir);
    const why = mismatch(record.ir, data, loss);
    if (why) throw new TrainError(why);
    if (data.test.count === 0) throw new TrainError(`'${data.name}' has no test samples`);
    const t = splitTensors(tf, record.ir, data.test, data.classes.length, loss);
    try {
      return { record, metrics: await evaluateSplit(tf, model, t.x, t.y, record.train.batch) };
    } finally {
      t.x.dispose();
      t.y.dispose();
    }
  } finally {
    model.dispose();
  }
}

export interface Prediction { input: string; label: string; index: number; probability: number }

/** The most likely class of each sample (flat values in the run's sample shape). */
export async function predictSamples(tf: Tf, runDir: string, samples: { input: string; x: Float32Array }[]): Promise<Prediction[]> {
  const { record, model } = await loadRun(tf, runDir);
  try {
    const size = record.ir.input.shape.reduce((a, b) => a * b, 1);
    const bad = samples.find((s) => s.x.length !== size);
    if (bad) throw new TrainError(`${bad.input}: ${bad.x.length} values, but the model takes ${record.ir.input.shape.join('x')} = ${size}`);
    const flat = new Float32Array(samples.length * size);
    samples.forEach((s, i) => flat.set(s.x, i * size));
    const probs = tf.core.tidy(() => (model.predict(tf.core.tensor(flat, [samples.length, ...record.ir.input.shape])) as import('@tensorflow/tfjs-core').Tensor).arraySync() as number[][]);
    return samples.map((s, i) => {
      const p = probs[i]!;
      const binary = p.length === 1;
      const index = binary ? (p[0]! >= 0.5 ? 1 : 0) : p.indexOf(Math.max(...p));
      return { input: s.input, index, label: record.data.classes[index] ?? String(index), probability: binary ? (index ? p[0]! : 1 - p[0]!) : p[index]! };
    });
  } finally {
    model.dispose();
  }
}
