// What the stripes set is for: on the same 600 images and 3 epochs, a convolutional network of
// 2,836 parameters learns it and a dense one of 885,380 does not (seed 1; seeds 2-4 gave
// 0.995-1.0 and 0.24-0.27). Images are made at the models' 48 x 48 x 3 input to keep it quick.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { nnc, tmpDir } from './helpers.js';

const train = (batch: number, lr: number) => `train {
    optimizer: adam(lr = ${lr})
    loss: categorical_crossentropy
    metrics: accuracy
    batch: ${batch}
    epochs: 3
  }`;

const SPEC = `model small_cnn {
  input(48, 48, 3)
  conv(16) + relu
  maxpool(2)
  conv(16) + relu
  gmp
  dense(4) + softmax
  ${train(16, 0.005)}
}

model small_dense {
  input(48, 48, 3)
  flatten
  dense(128) + relu
  dense(4) + softmax
  ${train(16, 0.001)}
}
`;

test('on stripes:600 a small CNN reaches >= 0.9 test accuracy and a 300 times larger dense network stays <= 0.4', async () => {
  const dir = tmpDir('cnn-vs-dense');
  const spec = path.join(dir, 'small.nn');
  fs.writeFileSync(spec, SPEC);
  const r = await nnc('train', spec, '--data', 'stripes:600', '--out', path.join(dir, 'runs'), '--format', 'json', '--quiet');
  expect(r.code).toBe(0);
  const models = JSON.parse(r.out).models as { name: string; runs: { accuracy: number }[] }[];
  const accuracy = Object.fromEntries(models.map((m) => [m.name, m.runs[0]!.accuracy]));
  expect(accuracy.small_cnn).toBeGreaterThanOrEqual(0.9);
  expect(accuracy.small_dense).toBeLessThanOrEqual(0.4);
  const record = JSON.parse(fs.readFileSync(path.join(JSON.parse(r.out).models[0].runs[0].dir, 'run.json'), 'utf8'));
  expect(record.data).toMatchObject({ spec: 'stripes:600', train: 600, test: 200 });
  expect(record.data.classes).toEqual(['horizontal', 'vertical', 'rising', 'falling']);
}, 240_000);
