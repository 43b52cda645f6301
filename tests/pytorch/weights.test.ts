// Weights across frameworks. A run of `nnc train` (the seed's MLP, one epoch on 500 MNIST samples)
// loaded into the generated PyTorch model gives the probabilities `nnc predict --format json` prints;
// and for random specs with convolutions (same and valid, odd and even kernels, strides), batch
// norm, pooling and dense layers, the same weights drawn once give the TF.js model and the PyTorch
// model the same outputs in inference mode. Within 1e-4 each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileFile } from '../../src/api/index.js';
import { buildModel } from '../../src/runtime/build.js';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { compileText } from '../helpers.js';
import { rng } from '../random.js';
import { nnc } from '../runtime/helpers.js';
import { HERE, python, requireTorch, tmpDir, writeModule } from './torch.js';

const PART1 = path.resolve(HERE, '../../specs/hw4/part1.nn');

let tf: Tf;
beforeAll(async () => {
  requireTorch();
  tf = await loadTf();
}, 120_000);

const closeTo = (a: number[][], b: number[][], at: string) => {
  expect(a.length, at).toBe(b.length);
  a.forEach((row, i) => {
    expect(row.length, at).toBe(b[i]!.length);
    row.forEach((v, j) => expect(Math.abs(v - b[i]![j]!), `${at}: sample ${i}, output ${j}: ${v} vs ${b[i]![j]}`).toBeLessThan(1e-4));
  });
};

describe('weights move between TF.js and PyTorch', () => {
  test('a run of nnc train predicts the same in PyTorch as nnc predict', async () => {
    const dir = tmpDir();
    const t = await nnc('train', PART1, '--model', 'mlp', '--data', 'mnist', '--limit', '500', '--epochs', '1', '--out', path.join(dir, 'runs'), '--format', 'json', '--quiet');
    expect(t.code, t.err).toBe(0);
    const run = JSON.parse(t.out).models[0].runs[0].dir as string;
    const random = rng(5);
    const rows = Array.from({ length: 4 }, () => Array.from({ length: 784 }, () => Math.round(random() * 1000) / 1000));
    const csv = path.join(dir, 'new.csv');
    fs.writeFileSync(csv, [rows[0]!.map((_, i) => `p${i}`).join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
    const p = await nnc('predict', run, csv, '--format', 'json');
    expect(p.code, p.err).toBe(0);
    const predictions = JSON.parse(p.out).predictions as { input: string; class: string; probabilities: number[] }[];
    expect(predictions.map((x) => x.input)).toEqual(rows.map((_, i) => `${csv}:${i + 2}`));
    const file = writeModule(dir, 'part1', compileFile(PART1).ir!);
    const [torchOut] = python<number[][][]>(path.join(HERE, 'predict.py'), [{ file, model: 'mlp', run, inputs: rows }]);
    closeTo(torchOut!, predictions.map((x) => x.probabilities), 'mlp');
    torchOut!.forEach((probs, i) => expect(String(probs.indexOf(Math.max(...probs)))).toBe(predictions[i]!.class));
  }, 300_000);

  test('the same weights give the same outputs in TF.js and PyTorch', () => {
    const dir = tmpDir();
    const jobs: { file: string; model: string; run: string; inputs: number[][] }[] = [];
    const expected: number[][][] = [];
    for (let seed = 0; seed < 6; seed++) {
      const r = rng(100 + seed);
      const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
      const pad = () => (r() < 0.5 ? 'same' : 'valid');
      const size = int(9, 14);
      const text = [
        'model m {',
        `  input(${size}, ${size + int(0, 3)}, ${int(1, 3)})`,
        `  conv(${int(2, 6)}, ${int(2, 4)}, stride = ${int(1, 2)}, padding = ${pad()}) + relu`,
        '  bn',
        `  conv(${int(2, 6)}, (${int(1, 3)}, ${int(2, 4)}), padding = ${pad()}) + tanh`,
        `  ${r() < 0.5 ? 'maxpool' : 'avgpool'}(${int(2, 3)}, padding = ${pad()})`,
        '  bn',
        '  flatten',
        `  dense(${int(3, 8)}) + relu`,
        `  dense(${int(2, 5)}) + softmax`,
        '}',
      ].join('\n');
      const c = compileText(text);
      expect(c.diagnostics.map((d) => d.message), text).toEqual([]);
      const m = c.ir!.models[0]!;
      // Weights drawn once: kernels and biases around zero, batch-norm variances positive.
      const manifest: { name: string; shape: number[]; dtype: string }[] = [];
      const values: Float32Array[] = [];
      const model = buildModel(tf, m);
      for (const node of m.nodes) {
        const tensors = node.weights.map((w) => {
          const n = w.shape.reduce((a, b) => a * b, 1);
          const v = Float32Array.from({ length: n }, () => (w.name === 'moving_variance' ? 0.5 + r() : w.name === 'gamma' ? 0.5 + r() : r() - 0.5));
          manifest.push({ name: `${node.name}/${w.name}`, shape: w.shape, dtype: 'float32' });
          values.push(v);
          return tf.core.tensor(v, w.shape);
        });
        if (tensors.length) model.getLayer(node.name).setWeights(tensors);
      }
      const run = path.join(dir, `run${seed}`);
      fs.mkdirSync(run);
      fs.writeFileSync(path.join(run, 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['weights.bin'], weights: manifest }] }));
      fs.writeFileSync(path.join(run, 'weights.bin'), Buffer.concat(values.map((v) => Buffer.from(v.buffer))));
      const inputs = Array.from({ length: 3 }, () => Array.from({ length: m.input.shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1));
      const y = model.predict(tf.core.tensor(inputs.flat(), [inputs.length, ...m.input.shape])) as import('@tensorflow/tfjs-core').Tensor;
      expected.push(y.reshape([inputs.length, -1]).arraySync() as number[][]);
      jobs.push({ file: writeModule(dir, `spec${seed}`, c.ir!), model: 'm', run, inputs });
    }
    const got = python<number[][][]>(path.join(HERE, 'predict.py'), jobs);
    got.forEach((out, i) => closeTo(out, expected[i]!, `spec ${i}`));
  }, 300_000);
});
