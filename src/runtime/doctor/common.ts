// What several checks need from a run record: steps taken, chance level, the last probe, and
// number formatting for messages.
import type { RunRecord } from '../record.js';
import type { EpochProbe } from './types.js';

/** Optimizer steps taken: finished epochs × batches per epoch. */
export function stepsOf(r: RunRecord): number {
  return r.epochs.length * Math.ceil(r.data.train / r.train.batch);
}

/** Accuracy of guessing a class uniformly. */
export const chanceOf = (r: RunRecord): number => 1 / Math.max(1, r.data.classes.length);

/** "Near chance": less than 10 points above it. */
export const nearChance = (accuracy: number, r: RunRecord): boolean => accuracy < chanceOf(r) + 0.1;

export const lastProbe = (r: RunRecord): EpochProbe | undefined => r.probes?.at(-1);

/** A number for a message: 4 significant digits, no exponent for ordinary sizes. */
export function num(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}

export const pct = (x: number): string => `${Number((100 * x).toPrecision(3))}%`;

/** The data part of a loss record (the loss itself for records made before the split). */
export const dataLoss = (e: { loss: number; dataLoss?: number }): number => e.dataLoss ?? e.loss;
