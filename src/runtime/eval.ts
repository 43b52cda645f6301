// Evaluating and predicting with a saved run: the model from the run folder, compiled as it was
// trained, on new data (checked against the model as before training).
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset, Split } from '../data/types.js';
import { mismatch, splitTensors } from './fit-data.js';
import type { RunRecord } from './record.js';
import { loadSavedModel, readRunRecord } from './run-files.js';
import type { Tf } from './tf.js';
import { compileModel, lossOf, TrainError } from './train.js';
import { evaluateModel } from './epoch.js';

/** A finished run's record and model, every file checked (see run-files.ts). */
export async function loadRun(tf: Tf, runDir: string, record = readRunRecord(runDir)): Promise<{ record: RunRecord; model: LayersModel }> {
  if (record.status !== 'done') throw new TrainError(`the run in ${runDir} has not finished (${record.status}); resume it with nnc train --resume ${runDir}`);
  const model = await loadSavedModel(tf, runDir, record.ir);
  compileModel(tf, model, record.ir);
  return { record, model };
}

/** Loss and metrics of a run's model on the test split of `data`. */
export async function evaluateRun(tf: Tf, runDir: string, given: Dataset, known?: RunRecord): Promise<{ record: RunRecord; metrics: Record<string, number> }> {
  const { record, model } = await loadRun(tf, runDir, known);
  try {
    const data = withClassesOf(given, record.data.classes);
    const loss = lossOf(record.ir);
    const why = mismatch(record.ir, data, loss);
    if (why) throw new TrainError(why);
    if (data.test.count === 0) throw new TrainError(`'${data.name}' has no test samples`);
    const t = splitTensors(tf, record.ir, data.test, data.classes.length, loss);
    try {
      return { record, metrics: await evaluateModel(tf, model, t.x, t.y, record.train.batch) };
    } finally {
      t.x.dispose();
      t.y.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** The data with its labels numbered as the run's classes (evaluation data may hold fewer classes). */
export function withClassesOf(data: Dataset, classes: string[]): Dataset {
  if (data.classes.join('\n') === classes.join('\n')) return data;
  const index = new Map(classes.map((c, i) => [c, i]));
  const unknown = data.classes.find((c) => !index.has(c));
  if (unknown !== undefined) {
    throw new TrainError(`'${data.name}' has class '${unknown}', which the run was not trained on (its classes: ${classes.slice(0, 12).join(', ')}${classes.length > 12 ? ', ...' : ''})`);
  }
  const to = data.classes.map((c) => index.get(c)!);
  const relabel = (s: Split): Split => ({ ...s, y: s.y.map((y) => to[y]!) });
  return { ...data, classes, train: relabel(data.train), test: relabel(data.test) };
}

export interface Prediction { input: string; label: string; index: number; probability: number; /** The model's whole output for the sample. */ probabilities: number[] }

/** The most likely class of each sample (flat values in the run's sample shape). */
export async function predictSamples(tf: Tf, runDir: string, samples: { input: string; x: Float32Array }[], known?: RunRecord): Promise<Prediction[]> {
  const { record, model } = await loadRun(tf, runDir, known);
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
      return { input: s.input, index, label: record.data.classes[index] ?? String(index), probability: binary ? (index ? p[0]! : 1 - p[0]!) : p[index]!, probabilities: p };
    });
  } finally {
    model.dispose();
  }
}
