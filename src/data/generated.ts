// What the generated sets (`shapes`, `stripes`) share: the image size they are made at, and
// splits drawn sample by sample from seeded streams. Sample i of a split depends only on the
// split's stream and i, so a set of N training samples is a prefix of a larger one; classes
// cycle 0, 1, ..., k - 1, so every prefix is balanced to within one sample per class.
import { mulberry32 } from '../random.js';
import { DataError, noneSkipped, type Dataset, type Split } from './types.js';

/** The values (float32) a generated set may hold, its training and test splits together: 4 GiB. */
export const MAX_GENERATED_VALUES = 2 ** 30;

/** The training split's stream; the test split has its own. */
const TRAIN_STREAM = 0;
const TEST_STREAM = 1_000_003;

/** Draws one sample of class `label` into `out` (h x w x c values in [0, 1]). */
export type DrawSample = (out: Float32Array, label: number, rnd: () => number, h: number, w: number, c: number) => void;

/** The model's input size when it is an H x W x 1 or H x W x 3 image, else `fallback`. */
function imageSize(inputShape: number[] | undefined, fallback: [number, number, number]): [number, number, number] {
  return inputShape?.length === 3 && (inputShape[2] === 1 || inputShape[2] === 3) ? inputShape as [number, number, number] : fallback;
}

/** The test split's size for N generated training samples. */
export const testCount = (n: number) => Math.max(200, Math.floor(n / 5));

/** Throws a DataError when N training images of `dims` (with their test split) exceed MAX_GENERATED_VALUES. */
function checkGeneratedSize(name: string, n: number, [h, w, c]: [number, number, number]): void {
  const size = h * w * c;
  const fits = (k: number) => (k + testCount(k)) * size <= MAX_GENERATED_VALUES;
  if (fits(n)) return;
  let most = Math.floor((MAX_GENERATED_VALUES / size) * 5 / 6) + 6;
  while (most > 0 && !fits(most)) most--;
  throw new DataError(`${name}: ${n.toLocaleString('en-US')} images of ${h}x${w}x${c} do not fit in the 4 GiB a generated set may take; use at most ${most.toLocaleString('en-US')}`);
}

function generateSplit(stream: number, count: number, classes: number, draw: DrawSample, [h, w, c]: [number, number, number]): Split {
  const size = h * w * c;
  const x = new Float32Array(count * size);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % classes;
    draw(x.subarray(i * size, (i + 1) * size), y[i]!, mulberry32(stream + i * 7919 + 1), h, w, c);
  }
  return { x, y, count };
}

/**
 * The set `name` of N training images (and max(200, N / 5) test images) of `classes`, drawn by
 * `draw` at the model's image size (64 x 64 x 3 when the input is not an image).
 */
export function generatedSet(name: string, n: number, inputShape: number[] | undefined, classes: readonly string[], draw: DrawSample): Dataset {
  const dims = imageSize(inputShape, [64, 64, 3]);
  checkGeneratedSize(name, n, dims);
  const tests = testCount(n);
  return {
    name,
    sampleShape: [...dims],
    classes: [...classes],
    train: generateSplit(TRAIN_STREAM, n, classes.length, draw, dims),
    test: generateSplit(TEST_STREAM, tests, classes.length, draw, dims),
    split: `a separate generated test set of ${tests} samples`,
    skipped: noneSkipped('bad row'),
  };
}
