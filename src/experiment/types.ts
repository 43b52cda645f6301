// What an experiment produced: the variants of its grid (a model with parameter values and train
// settings), each with its static size and its runs. `nnc run` builds it from the run folders
// (runner); the report (report/) and the statistics (stats.ts) read only this.
import type { EpochRecord } from '../runtime/record.js';
import type { Finding } from '../runtime/doctor/types.js';

/** A value of a grid axis, as written in the spec. */
export type GridValue = number | string | boolean;

/** One finished run of a variant. */
export interface ExperimentRun {
  seed: number;
  /** The run folder, relative to the report folder. */
  dir: string;
  /** Test metrics; the loss includes the L1/L2 penalty, split into its two parts. */
  test: { accuracy: number | null; loss: number; dataLoss: number; penalty: number };
  /** The run's epochs, as in its run.json. */
  epochs: EpochRecord[];
  diagnostics: Finding[];
  /** Wall-clock seconds of training and evaluation. */
  seconds: number;
}

/** One point of the grid. */
export interface ExperimentVariant {
  /** Unique and readable, e.g. `mlp act=sigmoid epochs=40 batch=1 norm=bn`; also the run folder's name, made safe. */
  label: string;
  /** The model's name in the spec. */
  model: string;
  /** Model parameters set by the grid (the others keep the spec's defaults). */
  args: Record<string, GridValue>;
  /** Train settings in effect (the grid's, else the model's train section). */
  settings: { epochs: number; batch: number; [setting: string]: GridValue };
  /** Static counts, as `nnc summary` gives them. */
  static: { params: number; trainable: number; nonTrainable: number; macs: number; flops: number };
  runs: ExperimentRun[];
}

export interface ExperimentResults {
  /** The experiment's name and the spec file that declares it. */
  name: string;
  file: string;
  /** As given in the declaration (or overridden on the command line). */
  data: string;
  /** Runs per variant. */
  runs: number;
  backend: string;
  /** nnspec's version. */
  nnc: string;
  started: string;
  finished?: string;
  /** The estimate printed before starting, in seconds, and the time it took. */
  estimateSeconds?: number;
  elapsedSeconds?: number;
  variants: ExperimentVariant[];
}
