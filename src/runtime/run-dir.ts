// A run folder: the trained model (TF.js layers format: model.json + weights.bin, loadable by
// tf.loadLayersModel), run.json (what was trained, how, and the results), plot.svg, and
// checkpoint/ with the model and optimizer state after the last finished epoch.
// Every file is written atomically (a temporary file, then rename), and a checkpoint becomes the
// current one only when checkpoint/latest.json, written last, points at it: a run killed at any
// moment leaves the previous checkpoint whole. Reading a run folder back is run-files.ts's job.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tf } from './tf.js';
import type { RunRecord } from './record.js';
import { makeDir } from '../make-dir.js';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** A new run folder `<out>/<name>-<yyyymmdd-hhmmss>` (with -2, -3, ... if taken). */
export function createRunDir(out: string, name: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  makeDir(out);
  for (let i = 1; ; i++) {
    const dir = path.join(out, `${name}-${stamp}${i === 1 ? '' : `-${i}`}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Saves a model as model.json + weights.bin in `dir`; with the optimizer's state for checkpoints. */
export async function saveModel(tf: Tf, model: LayersModel, dir: string, includeOptimizer: boolean): Promise<void> {
  makeDir(dir);
  await model.save(tf.core.io.withSaveHandler(async (a) => {
    const data = a.weightData === undefined ? new ArrayBuffer(0) : tf.core.io.CompositeArrayBuffer.join(a.weightData);
    writeFileAtomic(path.join(dir, 'weights.bin'), new Uint8Array(data));
    const json = {
      format: a.format ?? 'layers-model',
      generatedBy: a.generatedBy,
      convertedBy: a.convertedBy ?? null,
      modelTopology: a.modelTopology,
      ...(a.trainingConfig ? { trainingConfig: a.trainingConfig } : {}),
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
    };
    writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
}

export const CHECKPOINT = 'checkpoint';
export const epochDir = (epoch: number) => `epoch-${String(epoch).padStart(4, '0')}`;

/** Writes the checkpoint after `epoch` finished epochs, then makes it the current one. */
export async function writeCheckpoint(tf: Tf, model: LayersModel, runDir: string, epoch: number, extra?: (dir: string) => void): Promise<void> {
  const root = path.join(runDir, CHECKPOINT);
  const dir = path.join(root, epochDir(epoch));
  fs.rmSync(dir, { recursive: true, force: true });
  await saveModel(tf, model, dir, true);
  extra?.(dir);
  writeFileAtomic(path.join(root, 'latest.json'), JSON.stringify({ epoch, dir: epochDir(epoch) }) + '\n');
  for (const e of fs.readdirSync(root)) {
    if (e.startsWith('epoch-') && e !== epochDir(epoch)) fs.rmSync(path.join(root, e), { recursive: true, force: true });
  }
}

export function writeRecord(runDir: string, record: RunRecord): void {
  writeFileAtomic(path.join(runDir, 'run.json'), JSON.stringify(record, null, 2) + '\n');
}
