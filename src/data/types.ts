// What every dataset kind produces: samples as one flat Float32Array per split, integer class
// labels, and the class names. Kinds know nothing of models or losses; training adapts the
// labels to the loss (one-hot or integers) and the samples to the model's input shape.

export interface Split {
  /** count x product(sampleShape) values, sample after sample. */
  x: Float32Array;
  /** Class index of each sample. */
  y: Int32Array;
  count: number;
}

export interface Dataset {
  /** As given to --data (`mnist`, `shapes:2000`, a path). */
  name: string;
  sampleShape: number[];
  classes: string[];
  train: Split;
  test: Split;
  /** How the fixed test split is made, for run records and help texts. */
  split: string;
  /** Samples skipped as unreadable with --skip-bad (0 otherwise). */
  skipped: number;
}

export interface DataOptions {
  /** Train on the first N training samples only. */
  limit?: number;
  /** Number of samples to generate, for generated sets (`shapes`). */
  size?: number;
  /** Skip unreadable images and bad CSV rows, counting them, instead of stopping. */
  skipBad?: boolean;
  /** The model's input shape: images are resized to it, generated sets are made at it. */
  inputShape?: number[];
}

/** A problem with the data itself: names the file and line or sample. Printed as one line. */
export class DataError extends Error {}

export const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The first `limit` samples of a split (all when limit is absent or larger). */
export function limitSplit(split: Split, shape: number[], limit: number | undefined): Split {
  if (limit === undefined || limit >= split.count) return split;
  const n = Math.max(0, limit);
  return { x: split.x.subarray(0, n * product(shape)), y: split.y.subarray(0, n), count: n };
}

/** Packs samples gathered one by one into a split. */
export function packSplit(samples: { x: ArrayLike<number>; y: number }[], sampleSize: number): Split {
  const x = new Float32Array(samples.length * sampleSize);
  const y = new Int32Array(samples.length);
  samples.forEach((s, i) => {
    x.set(s.x, i * sampleSize);
    y[i] = s.y;
  });
  return { x, y, count: samples.length };
}
