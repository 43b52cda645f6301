// A batch too large for the machine's memory is refused before training, with the bound it was
// held to and the largest batch that could fit; `nnc train` and `nnc run` say so with exit 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { compileSource } from '../../src/api/index.js';
import { memoryProblem, trainingBytes } from '../../src/runtime/fits-memory.js';
import { nnc, tmpDir } from './helpers.js';

const SPEC = `model m {
  input(10)
  dense(5) + softmax
  train { optimizer: adam; loss: sparse_categorical_crossentropy; batch: 32 }
}
`;
const model = compileSource(SPEC).ir!.models[0]!;

test('the bound: weights, gradients and Adam state, plus every output for the batch counted twice', () => {
  // 10 * 5 + 5 = 55 parameters, all trainable: weights 220 B, gradients 220 B, Adam's m and v 440 B.
  // Outputs per sample: the dense layer's 5 (softmax is its activation; the input is not counted),
  // 20 B; twice: 40 B a sample.
  expect(trainingBytes(model, 1, 100)).toBe(220 + 220 + 440 + 40);
  expect(trainingBytes(model, 32, 100)).toBe(880 + 32 * 40);
  // The batch is at most the training set.
  expect(trainingBytes(model, 1e99, 100)).toBe(880 + 100 * 40);
});

test('refused past the memory given, with the largest batch that fits', () => {
  expect(memoryProblem(model, 32, 100, 880 + 32 * 40)).toBeUndefined();
  const why = memoryProblem(model, 32, 100, 880 + 31 * 40 + 39);
  expect(why).toContain('model m in batches of 32 needs at least 0.0 GiB to train (nnc summary --batch 32');
  expect(why).toContain('use a smaller --batch (at most 31 could fit)');
  expect(memoryProblem(model, 1, 100, 500)).toContain('the weights alone do not fit: use a smaller model');
});

test('nnc train and nnc run refuse a batch of the whole set of a model too large for it', async () => {
  const dir = tmpDir('memory');
  const rows = ['a,b,label', ...Array.from({ length: 50 }, (_, i) => `${i % 5},${i % 7},${i % 2}`)];
  fs.writeFileSync(path.join(dir, 'd.csv'), rows.join('\n') + '\n');
  // 200,000,000 units: 800 MB of outputs a sample, 1.6 GB twice; 40 training rows: 64 GB.
  const spec = path.join(dir, 'wide.nn');
  fs.writeFileSync(spec, `model wide {
  input(2)
  dense(200000000)
  dense(2) + softmax
  train { optimizer: sgd; loss: sparse_categorical_crossentropy; batch: 1000000 }
}
experiment e { models: wide; data: "d.csv" }
`);
  const train = await nnc('train', spec, '--data', path.join(dir, 'd.csv'), '--backend', 'cpu', '--out', path.join(dir, 'runs'));
  expect(train.code).toBe(1);
  expect(train.err).toMatch(/^nnc: error: model wide in batches of 40 needs at least [\d.]+ GiB to train \(nnc summary --batch 40, with the activations' gradients\), more than this machine's [\d.]+ GiB; /);
  expect(fs.existsSync(path.join(dir, 'runs'))).toBe(false);
  const run = await nnc('run', spec, '--backend', 'cpu', '--out', path.join(dir, 'out'));
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/^nnc: error: model wide in batches of 40 needs at least/);
});
