// The generated sets: shapes and stripes are deterministic, balanced, in [0, 1] and made at the
// model's image size; a stripes image's class is the orientation of its stripes, which a
// hand-written detector of directional differences recovers, and nothing global (the mean
// brightness of each channel) tells the classes apart.
import { describe, expect, test } from 'vitest';
import { isBuiltinData, loadData } from '../../src/data/index.js';
import { loadShapes } from '../../src/data/shapes.js';
import { loadStripes, STRIPE_CLASSES } from '../../src/data/stripes.js';
import type { Split } from '../../src/data/types.js';

const counts = (y: Int32Array, k: number) => Array.from({ length: k }, (_, c) => y.filter((l) => l === c).length);
/** Whether two arrays hold the same bytes (vitest's toEqual walks large typed arrays slowly). */
const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const range = (x: Float32Array) => x.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);

describe.each([
  ['shapes', loadShapes],
  ['stripes', loadStripes],
])('%s', (name, load) => {
  test('N training images and max(200, N / 5) test images of 64 x 64 x 3 in [0, 1], classes cycling', () => {
    const d = load(name, 402);
    expect(d.sampleShape).toEqual([64, 64, 3]);
    expect(d.classes).toHaveLength(4);
    expect([d.train.count, d.test.count]).toEqual([402, 200]);
    expect(d.train.x.length).toBe(402 * 64 * 64 * 3);
    expect(counts(d.train.y, 4)).toEqual([101, 101, 100, 100]);
    expect(counts(d.test.y, 4)).toEqual([50, 50, 50, 50]);
    expect(Array.from(d.train.y.subarray(0, 6))).toEqual([0, 1, 2, 3, 0, 1]);
    const [lo, hi] = range(d.train.x);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(0.9);
    expect(load(name, 1500).test.count).toBe(300);
  });

  test('deterministic: the same images every time, a smaller set is a prefix of a larger one, the test set its own', () => {
    const a = load(name, 12);
    const b = load(name, 40);
    expect(same(load(name, 12).train.x, a.train.x)).toBe(true);
    expect(same(b.train.x.subarray(0, a.train.x.length), a.train.x)).toBe(true);
    expect(same(b.test.x, a.test.x)).toBe(true);
    // Different images: the first test image is not the first training image, nor the second the first.
    const image = (x: Float32Array, i: number) => x.subarray(i * 64 * 64 * 3, (i + 1) * 64 * 64 * 3);
    expect(same(image(a.test.x, 0), image(a.train.x, 0))).toBe(false);
    expect(same(image(a.train.x, 4), image(a.train.x, 0))).toBe(false);
  });

  test("made at the model's image size when its input is H x W x 1 or 3", () => {
    const d = load(name, 8, [32, 48, 1]);
    expect(d.sampleShape).toEqual([32, 48, 1]);
    expect(d.train.x.length).toBe(8 * 32 * 48);
    expect(load(name, 8, [784]).sampleShape).toEqual([64, 64, 3]);
  });
});

/** Per image, the direction (class) along which neighbouring pixels differ least. */
function orientations(split: Split, side: number): number[] {
  // Along the stripes of each class: horizontal (x), vertical (y), rising (up-right), falling (down-right).
  const steps = [[1, 0], [0, 1], [1, -1], [1, 1]] as const;
  return Array.from({ length: split.count }, (_, i) => {
    const img = split.x.subarray(i * side * side * 3, (i + 1) * side * side * 3);
    const grey = (x: number, y: number) => img[(y * side + x) * 3]! + img[(y * side + x) * 3 + 1]! + img[(y * side + x) * 3 + 2]!;
    const energy = steps.map(([dx, dy]) => {
      let sum = 0;
      for (let y = 1; y < side - 1; y++) for (let x = 1; x < side - 1; x++) sum += (grey(x, y) - grey(x + dx, y + dy)) ** 2;
      return sum;
    });
    return energy.indexOf(Math.min(...energy));
  });
}

describe('stripes', () => {
  test('the class is the orientation of the stripes: a directional-difference detector recovers it', () => {
    const d = loadStripes('stripes', 200);
    expect(STRIPE_CLASSES).toEqual(['horizontal', 'vertical', 'rising', 'falling']);
    const found = orientations(d.train, 64);
    const right = found.filter((c, i) => c === d.train.y[i]).length;
    expect(right / d.train.count).toBeGreaterThan(0.95);
  });

  // 200 images a class: a class's mean brightness varies by about 0.015 (sd) by chance alone.
  test('no global shortcut: every class has the same mean brightness per channel, within 0.05', () => {
    const d = loadStripes('stripes', 800);
    const size = 64 * 64 * 3;
    const means = STRIPE_CLASSES.map((_, c) => [0, 1, 2].map((k) => {
      let sum = 0;
      let n = 0;
      for (let i = c; i < d.train.count; i += 4) for (let p = k; p < size; p += 3) (sum += d.train.x[i * size + p]!), n++;
      return sum / n;
    }));
    for (let k = 0; k < 3; k++) {
      const channel = means.map((m) => m[k]!);
      expect(Math.max(...channel) - Math.min(...channel)).toBeLessThan(0.05);
      expect(channel[0]).toBeGreaterThan(0.4);
      expect(channel[0]).toBeLessThan(0.6);
    }
  });

  test('--data stripes[:N] and --data-size; a bad size is one line', async () => {
    expect(isBuiltinData('stripes')).toBe(true);
    expect(isBuiltinData('stripes:300')).toBe(true);
    expect(isBuiltinData('stripes.csv')).toBe(false);
    expect((await loadData('stripes:24')).train.count).toBe(24);
    expect((await loadData('stripes', { size: 16 })).train.count).toBe(16);
    expect((await loadData('stripes:24', { limit: 10 })).train.count).toBe(10);
    await expect(loadData('stripes:3')).rejects.toThrow('stripes:3: the size must be an integer of at least 4');
    await expect(loadData('stripes:1e3x')).rejects.toThrow('stripes:1e3x: the size must be an integer of at least 4');
    await expect(loadData('constructor')).rejects.toThrow("unknown dataset 'constructor': no such file or folder");
  });
});

test('a generated set larger than 4 GiB of float32 values is a data error naming the largest that fits', async () => {
  // 64 x 64 x 3 = 12,288 values an image, 2^30 values in all: 87,381 images with their test split.
  // 72,818 + floor(72,818 / 5) = 87,381 fit; 72,819 + 14,563 = 87,382 do not.
  await expect(loadData('stripes:72819')).rejects.toThrow('stripes:72819: 72,819 images of 64x64x3 do not fit in the 4 GiB a generated set may take; use at most 72,818');
  await expect(loadData('shapes:1000000000')).rejects.toThrow('use at most 72,818');
  // At 28 x 28 x 1, 784 values an image, 1,369,568 images in all (2^30 / 784, rounded down):
  // 1,141,307 + 228,261 = 1,369,568 fit.
  await expect(loadData('shapes', { size: 2_000_000, inputShape: [28, 28, 1] })).rejects.toThrow('shapes: 2,000,000 images of 28x28x1 do not fit in the 4 GiB a generated set may take; use at most 1,141,307');
});
