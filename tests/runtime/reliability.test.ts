// What must not go wrong: a run killed with SIGKILL resumes from its last finished epoch and
// ends as an uninterrupted run would; a NaN loss stops training and keeps the last good
// checkpoint; mismatched data, a missing loss, bad data and unknown names are one clear line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCli, nnc, spawnCli, tmpDir, writeSpec } from './helpers.js';

const PART1 = 'specs/hw4/part1.nn';
let mainJs: string;

beforeAll(() => {
  mainJs = buildCli();
}, 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

describe('resume after SIGKILL', () => {
  test('a killed run continues from the last finished epoch and ends like an uninterrupted one', async () => {
    const out = tmpDir('resume');
    // Enough epochs that the kill lands mid-run even with the compiled step (an epoch here takes tens of ms).
    const EPOCHS = 40;
    const args = ['train', PART1, '--model', 'mlp_bn', '--data', 'mnist', '--limit', '3000', '--epochs', String(EPOCHS), '--batch', '16', '--seed', '3', '--quiet', '--format', 'json'];
    const child = spawnCli(mainJs, [...args, '--out', path.join(out, 'killed')]);
    const exited = new Promise<number | null>((r) => child.on('exit', (_code, signal) => r(signal ? -1 : _code)));
    // Wait for the first checkpoint, then kill in the middle of the second epoch.
    let runDir = '';
    for (let i = 0; i < 600 && !runDir; i++) {
      await sleep(50);
      const base = path.join(out, 'killed');
      const dirs = fs.existsSync(base) ? fs.readdirSync(base) : [];
      if (dirs[0] && fs.existsSync(path.join(base, dirs[0], 'checkpoint', 'latest.json'))) runDir = path.join(base, dirs[0]);
    }
    expect(runDir).not.toBe('');
    await sleep(300);
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    const before = readJson(path.join(runDir, 'run.json'));
    expect(before.status).toBe('running');
    const latest = readJson(path.join(runDir, 'checkpoint', 'latest.json'));
    expect(latest.epoch).toBeGreaterThanOrEqual(1);
    expect(latest.epoch).toBeLessThan(EPOCHS);
    // Nothing half-written is left where it would be read.
    expect(fs.readdirSync(path.join(runDir, 'checkpoint', latest.dir)).sort()).toEqual(['model.json', 'state.json', 'weights.bin']);

    const resumed = await nnc('train', '--resume', runDir, '--format', 'json');
    expect(resumed.code).toBe(0);
    expect(resumed.err).toContain(`resuming ${runDir} after epoch ${latest.epoch} of ${EPOCHS}`);
    const after = readJson(path.join(runDir, 'run.json'));
    expect(after.status).toBe('done');
    expect(after.epochs.map((e: { epoch: number }) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(after.epochs.slice(0, latest.epoch)).toEqual(before.epochs.slice(0, latest.epoch));

    const whole = await nnc(...args, '--out', path.join(out, 'whole'));
    expect(whole.code).toBe(0);
    const uninterrupted = JSON.parse(whole.out).models[0].runs[0];
    expect(after.test.accuracy).toBeCloseTo(uninterrupted.accuracy, 6);
    expect(after.test.loss).toBeCloseTo(uninterrupted.loss, 5);
    // A finished run is not resumed again.
    const again = await nnc('train', '--resume', runDir);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`has finished (${EPOCHS} epochs); nothing to resume`);
  }, 180_000);
});

describe('a NaN or infinite loss', () => {
  test('stops training with a clear message and keeps the last good checkpoint', async () => {
    const dir = tmpDir('nan');
    // Linear outputs, mse and a learning rate far too high: the error grows tenfold and more
    // per step, so the loss overflows in the second epoch.
    const rows = ['x1,x2,x3,x4,label'];
    for (let i = 0; i < 50; i++) rows.push(`${10 + (i % 7)},${-8 - (i % 3)},${9 + (i % 5)},${12 - (i % 4)},${i % 2}`);
    fs.writeFileSync(path.join(dir, 'data.csv'), rows.join('\n') + '\n');
    const spec = writeSpec(dir, 'model blowup {\n  input(4)\n  dense(2)\n  train {\n    optimizer: sgd(lr = 0.01)\n    loss: mse\n    batch: 4\n    epochs: 5\n    shuffle: false\n  }\n}\n');
    const r = await nnc('train', spec, '--data', path.join(dir, 'data.csv'), '--quiet', '--out', path.join(dir, 'runs'));
    expect(r.code).toBe(1);
    const message = r.err.trim().split('\n').at(-1)!;
    expect(message).toMatch(/^nnc: error: the loss became (NaN|Infinity) in epoch (\d+), batch \d+; training stopped; the checkpoint after epoch \d+ is kept in .*checkpoint\. Try a lower learning rate/);
    const epoch = Number(/in epoch (\d+)/.exec(message)![1]);
    expect(epoch).toBeGreaterThan(1);
    const runDir = path.join(dir, 'runs', fs.readdirSync(path.join(dir, 'runs'))[0]!);
    const record = readJson(path.join(runDir, 'run.json'));
    expect(record.status).toBe('diverged');
    expect(record.epochs).toHaveLength(epoch - 1);
    expect(readJson(path.join(runDir, 'checkpoint', 'latest.json')).epoch).toBe(epoch - 1);
    const weights = fs.readFileSync(path.join(runDir, 'checkpoint', `epoch-${String(epoch - 1).padStart(4, '0')}`, 'weights.bin'));
    const floats = new Float32Array(weights.buffer, weights.byteOffset, weights.byteLength / 4);
    expect(floats.every(Number.isFinite)).toBe(true);
  });
});

describe('checks before training, as one line', () => {
  const one = (r: { err: string }) => r.err.trim().split('\n');

  test('output units that do not match the classes', async () => {
    const r = await nnc('train', 'specs/hw4/part2.nn', '--model', 'fc8', '--data', 'mnist', '--quiet');
    expect(r.code).toBe(1);
    expect(one(r)).toEqual(["nnc: error: model fc8 takes 64x64x3 inputs but the samples of 'mnist' are 28x28x1; change the model's input(...) or use data of that shape (image folders are resized to the model's input)"]);
    const dir = tmpDir('units');
    const spec = writeSpec(dir, 'model m {\n  input(784)\n  dense(4) + softmax\n  train { loss: categorical_crossentropy }\n}\n');
    const u = await nnc('train', spec, '--data', 'mnist', '--quiet');
    expect(one(u)).toEqual(["nnc: error: model m ends in 4 units but 'mnist' has 10 classes (0, 1, 2, 3, 4, 5, 6, 7, 8, 9); make its last layer dense(10)"]);
  });

  test('a model without a loss says how to add one', async () => {
    const dir = tmpDir('noloss');
    const spec = writeSpec(dir, 'model m {\n  input(784)\n  dense(10) + softmax\n}\n');
    const n = await nnc('train', spec, '--data', 'mnist');
    expect(n.code).toBe(1);
    expect(one(n)).toEqual(['nnc: error: model m has no loss: add a train section with one, e.g. train { loss: sparse_categorical_crossentropy } for integer class labels (categorical_crossentropy with one-hot labels gives the same model)']);
  });

  test('unknown datasets, unreadable paths, bad CSV rows and corrupt images', async () => {
    const u = await nnc('train', PART1, '--model', 'mlp', '--data', 'mnsit');
    expect(one(u)).toEqual(["nnc: error: unknown dataset 'mnsit': no such file or folder; use mnist, shapes or shapes:N, stripes or stripes:N (N generated training images), a folder with one sub-folder of images per class, or a .csv file"]);
    const dir = tmpDir('bad');
    fs.writeFileSync(path.join(dir, 'd.csv'), 'a,b,label\n1,2,0\n3,x,1\n4,5,0\n6,7\n8,9,1\n');
    const spec = writeSpec(dir, 'model m {\n  input(2)\n  dense(2) + softmax\n  train { loss: sparse_categorical_crossentropy\n epochs: 1 }\n}\n');
    const bad = await nnc('train', spec, '--data', path.join(dir, 'd.csv'), '--quiet');
    const csv = path.join(dir, 'd.csv');
    expect(bad.code).toBe(1);
    expect(one(bad)).toEqual([
      `nnc: error: 2 bad rows in ${csv} (use --skip-bad to skip them):`,
      `  ${csv}:3: 'x' in column 'b' (column 2) is not a number`,
      `  ${csv}:5: 2 values, but the header has 3 columns`,
    ]);
    const skip = await nnc('train', spec, '--data', csv, '--skip-bad', '--quiet', '--format', 'json', '--out', path.join(dir, 'runs'));
    expect(skip.code).toBe(0);
    expect(skip.err.split('\n').slice(0, 3)).toEqual([
      `skipped 2 bad rows of '${csv}':`,
      `  ${csv}:3: 'x' in column 'b' (column 2) is not a number`,
      `  ${csv}:5: 2 values, but the header has 3 columns`,
    ]);
    const record = readJson(path.join(JSON.parse(skip.out).models[0].runs[0].dir, 'run.json'));
    expect(record.data).toMatchObject({ skipped: 2, train: 3, test: 0, classes: ['0', '1'] });

    const images = path.join(dir, 'images');
    for (const cls of ['a', 'b']) fs.mkdirSync(path.join(images, cls), { recursive: true });
    const { default: sharp } = await import('sharp');
    for (let i = 0; i < 5; i++) {
      for (const [cls, v] of [['a', 20], ['b', 230]] as const) {
        await sharp({ create: { width: 10, height: 12, channels: 3, background: { r: v, g: v, b: v } } }).png().toFile(path.join(images, cls, `${i}.png`));
      }
    }
    fs.writeFileSync(path.join(images, 'b', 'broken.png'), 'not a png');
    const ispec = writeSpec(dir, 'model im {\n  input(8, 8, 3)\n  flatten\n  dense(2) + softmax\n  train { loss: sparse_categorical_crossentropy\n epochs: 1 }\n}\n');
    const corrupt = await nnc('train', ispec, '--data', images, '--quiet');
    expect(one(corrupt)).toHaveLength(1);
    expect(one(corrupt)[0]).toMatch(new RegExp(`^nnc: error: ${path.join(images, 'b', 'broken.png').replace(/[.\\/]/g, '\\$&')}: cannot decode the image \\(.*\\); use --skip-bad to skip unreadable images$`));
    // Every broken image is listed before training stops, and again when skipped.
    fs.writeFileSync(path.join(images, 'a', 'empty.jpg'), '');
    const two = await nnc('train', ispec, '--data', images, '--quiet');
    expect(two.code).toBe(1);
    expect(one(two)).toHaveLength(3);
    expect(one(two)[0]).toBe(`nnc: error: 2 images in ${images} cannot be decoded (use --skip-bad to skip them):`);
    expect(one(two)[1]).toMatch(new RegExp(`^  ${path.join(images, 'a', 'empty.jpg').replace(/[.\\/]/g, '\\$&')}: cannot decode the image \\(.+\\)$`));
    expect(one(two)[2]).toMatch(new RegExp(`^  ${path.join(images, 'b', 'broken.png').replace(/[.\\/]/g, '\\$&')}: cannot decode the image \\(.+\\)$`));
    const skipped = await nnc('train', ispec, '--data', images, '--skip-bad', '--quiet', '--format', 'json', '--out', path.join(dir, 'iruns'));
    expect(skipped.code).toBe(0);
    expect(skipped.err.split('\n').slice(0, 3).map((l) => l.replace(/ \(.*$/, ''))).toEqual([
      `skipped 2 unreadable images of '${images}':`,
      `  ${path.join(images, 'a', 'empty.jpg')}: cannot decode the image`,
      `  ${path.join(images, 'b', 'broken.png')}: cannot decode the image`,
    ]);
    const irec = readJson(path.join(JSON.parse(skipped.out).models[0].runs[0].dir, 'run.json'));
    expect(irec.data).toMatchObject({ skipped: 2, train: 8, test: 2, classes: ['a', 'b'], sampleShape: [8, 8, 3] });
    const p = await nnc('predict', JSON.parse(skipped.out).models[0].runs[0].dir, path.join(images, 'a', '0.png'), '--format', 'json');
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out).predictions[0].class).toMatch(/^[ab]$/);
  });

  const installed = fs.existsSync('node_modules/@tensorflow/tfjs-node/package.json');
  test.skipIf(installed)('a backend that is not installed', async () => {
    const r = await nnc('train', PART1, '--model', 'mlp', '--data', 'mnist', '--backend', 'tensorflow');
    expect(r.code).toBe(1);
    expect(one(r)).toEqual(['nnc: error: tensorflow: @tensorflow/tfjs-node is not installed; to get it: npm install @tensorflow/tfjs-node@4.22.0 (its install script downloads libtensorflow for this platform, so it needs internet access, and npm 11 runs it only once approved: npm install-scripts approve @tensorflow/tfjs-node)']);
  });
});
