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
  /** As given to --data (`mnist`, `shapes:2000`, `stripes`, a path). */
  name: string;
  sampleShape: number[];
  classes: string[];
  train: Split;
  test: Split;
  /** How the fixed test split is made, for run records and help texts. */
  split: string;
  /** Samples skipped as unreadable with --skip-bad (none otherwise). */
  skipped: Skipped;
  /** CSV only: the label column, the delimiter and the feature columns in order. */
  csv?: { label: string; delimiter: string; features: string[] };
}

/** Bad samples: how many, and the first SHOWN of them, each naming its file (and line) and problem. */
export interface Skipped { count: number; items: string[]; noun: 'bad row' | 'unreadable image' }

/** At most this many bad samples are listed; the rest are counted ("and 12 more"). */
export const SHOWN = 20;

export const noneSkipped = (noun: Skipped['noun']): Skipped => ({ count: 0, items: [], noun });

/** The listed problems, one per indented line, then "and N more" for the rest. */
export function listed(s: Skipped): string {
  const more = s.count - s.items.length;
  return [...s.items, ...(more > 0 ? [`and ${more} more`] : [])].map((l) => `  ${l}`).join('\n');
}

export const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

export interface DataOptions {
  /** Train on the first N training samples only. */
  limit?: number;
  /** Number of samples to generate, for generated sets (`shapes`, `stripes`). */
  size?: number;
  /** Skip unreadable images and bad CSV rows, counting them, instead of stopping. */
  skipBad?: boolean;
  /** CSV: the label column (default `label`) and the delimiter (default: guessed from the header). */
  label?: string;
  delimiter?: string;
  /** CSV: the feature columns a trained model takes, by name and in order (default: all but the label). */
  features?: string[];
  /** The model's input shape: images are resized to it, generated sets are made at it. */
  inputShape?: number[];
}

/** Whether --data names a built-in set (mnist, shapes[:N], stripes[:N]) rather than a file or folder. */
export const isBuiltinData = (spec: string) => /^(mnist|(shapes|stripes)(:.*)?)$/.test(spec);

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
