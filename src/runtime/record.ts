// run.json: everything about one training run — the spec it came from (path and SHA-256), the
// model's IR, backend, seed, data, settings, the metrics of each epoch with its time and
// throughput, and the final test metrics. Written at the start and after every epoch, so
// `nnc train --resume` can continue from it. Read back only through run-files.ts, which checks it.
import type { IrModel, IrTrain } from '../ir/types.js';
import type { BackendName } from './backends/index.js';
import type { EpochProbe, Finding } from './doctor/types.js';

export interface EpochRecord {
  epoch: number;
  /** The training loss as minimized: data loss plus the L1/L2 penalty (mean over the epoch's batches). */
  loss: number;
  /** The loss without the penalty, and the penalty (each a mean over the epoch's batches). */
  dataLoss?: number;
  penalty?: number;
  /** Validation loss with the penalty of the weights at the end of the epoch, and without it. */
  valDataLoss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Other metrics TF.js reported, under its names. */
  [metric: string]: number | undefined;
  seconds: number;
  samplesPerSecond: number;
}

export interface DataRecord {
  /** As given to --data, for display. */
  spec: string;
  /** A data file or folder's absolute path: --resume reads it from any working folder. */
  path?: string;
  /** CSV only: the label column, the delimiter and the feature columns, in order. */
  label?: string;
  delimiter?: string;
  features?: string[];
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
  /** What was skipped (at most the first 20): CSV lines or image files, with the problem. */
  skippedItems?: string[];
}

export interface RunRecord {
  nnc: string;
  /** The working folder training started in: relative paths in this record are relative to it. */
  cwd?: string;
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
  /** Test loss with the penalty (as Keras's evaluate), its data part and the penalty. */
  test?: { loss: number; dataLoss?: number; penalty?: number; accuracy?: number; [metric: string]: number | undefined };
  /** What the cheap per-epoch probe measured (see runtime/doctor/probe.ts). */
  probes?: EpochProbe[];
  /** The first layer whose weights or outputs were not finite when the loss diverged. */
  nanLayer?: string;
  /** Findings about the run (see runtime/doctor/). */
  diagnostics?: Finding[];
  started: string;
  finished?: string;
}
