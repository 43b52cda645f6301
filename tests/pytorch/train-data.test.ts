// The generated train.py reads the datasets nnc train reads, and sees the same tensors: an image
// folder (PNG and JPEG, RGB, RGBA and greyscale files, a hidden folder and a text file left out,
// classes and files sorted, every fifth file of a class for testing), read as 3 channels and as 1
// (libvips's sRGB luminance) to the same values; an image of
// another size resized close to nnc's; a CSV file (semicolons, quotes, integer class names sorted
// numerically, every fifth row for testing); and MNIST's IDX files cut by --limit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { TRAIN_PY } from '../../src/codegen/pytorch/train-script.js';
import { loadData } from '../../src/data/index.js';
import { mnistFolder } from '../../src/data/mnist.js';
import { rng } from '../random.js';
import { HERE, python, requireTorch, tmpDir } from './torch.js';

interface Read { x: number[]; y: number[]; tx: number[]; ty: number[]; classes: string[]; shape: number[]; error?: string }

let dir: string;
let trainPy: string;
beforeAll(() => {
  requireTorch();
  dir = tmpDir();
  trainPy = path.join(dir, 'train.py');
  fs.writeFileSync(trainPy, TRAIN_PY);
}, 120_000);

const read = (jobs: { data: string; shape?: number[]; limit?: number; tests?: number }[]) => python<Read[]>(path.join(HERE, 'data.py'), { train: trainPy, jobs });

async function image(file: string, width: number, height: number, channels: 1 | 3 | 4, seed: number): Promise<void> {
  const { default: sharp } = await import('sharp');
  const r = rng(seed);
  const pixels = Buffer.from(Array.from({ length: width * height * channels }, () => Math.floor(r() * 256)));
  const img = sharp(pixels, { raw: { width, height, channels } });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await (file.toLowerCase().endsWith('.png') ? img.png() : img.jpeg({ quality: 90 })).toFile(file);
}

function expectClose(got: number[], want: ArrayLike<number>, tolerance: number, at: string): void {
  expect(got.length, at).toBe(want.length);
  let worst = 0;
  got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
  expect(worst, at).toBeLessThanOrEqual(tolerance);
}

describe('train.py reads the data nnc train reads', () => {
  test('an image folder, as 3 channels and as 1', async () => {
    const folder = path.join(dir, 'pets');
    const files: [string, 1 | 3 | 4][] = [
      ['cat/1.png', 3], ['cat/2.jpg', 3], ['cat/3.png', 4], ['cat/4.png', 1], ['cat/5.png', 3], ['cat/6.jpeg', 3],
      ['dog/a.png', 3], ['dog/b.JPG', 3], ['dog/c.png', 4], ['.hidden/x.png', 3],
    ];
    for (const [i, [f, c]] of files.entries()) await image(path.join(folder, f), 32, 24, c, 40 + i);
    fs.writeFileSync(path.join(folder, 'dog', 'notes.txt'), 'not an image');
    for (const channels of [3, 1]) {
      const shape = [24, 32, channels];
      const nnc = await loadData(folder, { inputShape: shape });
      const [py] = read([{ data: folder, shape }]);
      expect(py!.error).toBeUndefined();
      expect(py!.classes).toEqual(['cat', 'dog']);
      expect(py!.classes).toEqual(nnc.classes);
      expect(py!.shape).toEqual(shape);
      expect(py!.y).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
      expect(py!.y).toEqual([...nnc.train.y]);
      expect(py!.ty).toEqual([...nnc.test.y]);
      expect(py!.ty).toEqual([0]);
      expectClose(py!.x, nnc.train.x, 1e-6, `train x, ${channels} channels`);
      expectClose(py!.tx, nnc.test.x, 1e-6, `test x, ${channels} channels`);
    }
  }, 120_000);

  test('an image of another size is resized close to nnc', async () => {
    const folder = path.join(dir, 'sizes');
    await image(path.join(folder, 'a', '1.png'), 16, 12, 3, 3);
    await image(path.join(folder, 'b', '1.jpg'), 10, 8, 3, 4);
    const shape = [6, 8, 3];
    const nnc = await loadData(folder, { inputShape: shape });
    const [py] = read([{ data: folder, shape }]);
    expect(py!.y).toEqual([0, 1]);
    expectClose(py!.x, nnc.train.x, 0.1, 'resized');
    const mean = py!.x.reduce((s, v, i) => s + Math.abs(v - nnc.train.x[i]!), 0) / py!.x.length;
    expect(mean).toBeLessThan(0.02);
  }, 120_000);

  test('a CSV file and MNIST', async () => {
    const csv = path.join(dir, 'd.csv');
    const rows = Array.from({ length: 12 }, (_, i) => `${i * 0.5};"${-i}";${[10, 2, 1][i % 3]}`);
    fs.writeFileSync(csv, `\uFEFFa;"b";label\n${rows.join('\r\n')}\n\n`);
    const nnc = await loadData(csv);
    const mnist = await loadData('mnist', { limit: 30 });
    const [py, pm] = read([{ data: csv }, { data: mnistFolder(), limit: 30, tests: 20 }]);
    expect(py!.classes).toEqual(['1', '2', '10']);
    expect(py!.classes).toEqual(nnc.classes);
    expect(py!.y).toEqual([...nnc.train.y]);
    expect(py!.ty).toEqual([...nnc.test.y]);
    expect(py!.ty).toEqual([1, 2]);
    expect(py!.x).toEqual([...nnc.train.x]);
    expect(py!.tx).toEqual([...nnc.test.x]);
    expect(py!.tx).toEqual([2, -4, 4.5, -9]);
    expect(pm!.shape).toEqual([28, 28, 1]);
    expect(pm!.y).toEqual([...mnist.train.y]);
    expect(pm!.y).toHaveLength(30);
    expectClose(pm!.x, mnist.train.x, 1e-7, 'mnist train');
    expect(pm!.ty).toEqual([...mnist.test.y.subarray(0, 20)]);
    expectClose(pm!.tx, mnist.test.x.subarray(0, 20 * 784), 1e-7, 'mnist test');
  }, 120_000);

  test('bad data is one line naming the file', () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'a,label\n1,x\nfoo,y\n');
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const [b, e, n] = read([{ data: bad }, { data: empty }, { data: path.join(dir, 'data.txt') }]);
    expect(b!.error).toBe(`${bad}:3: 'foo' in column 'a' is not a number (use --skip-bad to skip bad rows)`);
    expect(e!.error).toBe(`${empty}: no class sub-folders; put each class's images in a folder of its own`);
    expect(n!.error).toMatch(/^cannot use '.*data\.txt' as data: use a folder of MNIST IDX files/);
  });
});
