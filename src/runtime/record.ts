// run.json: everything about one training run — the spec it came from (path and SHA-256), the
// model's IR, backend, seed, data, settings, the metrics of each epoch with its time and
// throughput, and the final test metrics. Written at the start and after every epoch, so
// `nnc train --resume` can continue from it.
import type { IrModel, IrTrain } from '../ir/types.js';
import type { BackendName } from './backends/index.js';

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Other metrics TF.js reported, under its names. */
  [metric: string]: number | undefined;
  seconds: number;
  samplesPerSecond: number;
}

export interface DataRecord {
  spec: string;
  limit?: number;
  size?: number;
  skipBad: boolean;
  classes: string[];
  sampleShape: number[];
  train: number;
  validation: number;
  test: number;
  split: string;
  skipped: number;
}

export interface RunRecord {
  nnc: string;
  status: 'running' | 'done' | 'diverged';
  message?: string;
  spec: { path: string; sha256: string };
  model: string;
  ir: IrModel;
  backend: BackendName;
  seed: number;
  data: DataRecord;
  train: IrTrain & { seed: number };
  epochs: EpochRecord[];
  test?: { loss: number; accuracy?: number; [metric: string]: number | undefined };
  started: string;
  finished?: string;
}
