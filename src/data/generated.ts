// What the generated sets (`shapes`, `stripes`) share: the image size they are made at, and
// splits drawn sample by sample from seeded streams. Sample i of a split depends only on the
// split's stream and i, so a set of N training samples is a prefix of a larger one; classes
// cycle 0, 1, ..., k - 1, so every prefix is balanced to within one sample per class.
import { mulberry32 } from '../random.js';
import type { Split } from './types.js';

/** The training split's stream; the test split has its own. */
export const TRAIN_STREAM = 0;
export const TEST_STREAM = 1_000_003;

/** Draws one sample of class `label` into `out` (h x w x c values in [0, 1]). */
export type DrawSample = (out: Float32Array, label: number, rnd: () => number, h: number, w: number, c: number) => void;

/** The model's input size when it is an H x W x 1 or H x W x 3 image, else `fallback`. */
export function imageSize(inputShape: number[] | undefined, fallback: [number, number, number]): [number, number, number] {
  return inputShape?.length === 3 && (inputShape[2] === 1 || inputShape[2] === 3) ? inputShape as [number, number, number] : fallback;
}

/** The test split's size for N generated training samples. */
export const testCount = (n: number) => Math.max(200, Math.floor(n / 5));

export function generateSplit(stream: number, count: number, classes: number, draw: DrawSample, [h, w, c]: [number, number, number]): Split {
  const size = h * w * c;
  const x = new Float32Array(count * size);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % classes;
    draw(x.subarray(i * size, (i + 1) * size), y[i]!, mulberry32(stream + i * 7919 + 1), h, w, c);
  }
  return { x, y, count };
}
