// The doctor and the loss split on real (small) training runs: the penalty in run.json equals
// Σλ|w| + Σλw² of the saved weights, computed here independently; batch norm's warm-up, a diverged
// run's first non-finite layer, and `nnc doctor` printing what run.json holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { nnc, tmpDir, writeSpec } from '../runtime/helpers.js';

let out: string;
beforeAll(() => {
  out = tmpDir('doctor');
});

const mlp = (layers: string, train = 'optimizer: sgd(lr = 0.01)') => `model m {
  input(784)
  ${layers}
  dense(10) + softmax
  train { ${train}; loss: sparse_categorical_crossentropy; metrics: accuracy; batch: 32; epochs: 1 }
}`;

async function train(name: string, spec: string, ...args: string[]) {
  const dir = path.join(out, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = writeSpec(dir, spec);
  const r = await nnc('train', file, '--data', 'mnist', '--quiet', '--format', 'json', '--out', path.join(dir, 'runs'), ...args);
  const runDir = fs.readdirSync(path.join(dir, 'runs')).map((d) => path.join(dir, 'runs', d))[0]!;
  return { ...r, runDir, record: JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) };
}

/** The saved weights by name, read from model.json's manifest and weights.bin. */
function savedWeights(runDir: string): Map<string, Float32Array> {
  const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'model.json'), 'utf8')).weightsManifest[0].weights as { name: string; shape: number[] }[];
  const bytes = fs.readFileSync(path.join(runDir, 'weights.bin'));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out = new Map<string, Float32Array>();
  let at = 0;
  for (const w of manifest) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out.set(w.name, all.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('loss split and doctor on real runs', () => {
  test('test and validation losses include the penalty, which equals Σλ|w| + Σλw² of the saved kernels', async () => {
    const spec = mlp('dense(32) + l2(0.01) + relu\n  dense(16) + l1l2(l1 = 0.001, l2 = 0.002) + relu', 'optimizer: sgd(lr = 0.05); validation: 0.2');
    const r = await train('penalty', spec, '--limit', '500');
    expect(r.code).toBe(0);
    const w = savedWeights(r.runDir);
    let sq1 = 0, sq2 = 0, abs2 = 0;
    for (const v of w.get('dense/kernel')!) sq1 += v * v;
    for (const v of w.get('dense_1/kernel')!) { sq2 += v * v; abs2 += Math.abs(v); }
    const expected = 0.01 * sq1 + 0.001 * abs2 + 0.002 * sq2;
    const { test: t, epochs } = r.record;
    expect(t.penalty).toBeGreaterThan(0.01);
    expect(t.penalty).toBeCloseTo(expected, 5);
    expect(t.loss).toBeCloseTo(t.dataLoss + expected, 5);
    // Validation loss at the last epoch: its data part plus the same penalty (the weights are final).
    expect(epochs[0].valLoss - epochs[0].valDataLoss).toBeCloseTo(expected, 5);
    // The training loss as minimized (TF.js's) splits into its mean data part and mean penalty.
    expect(epochs[0].dataLoss + epochs[0].penalty).toBeCloseTo(epochs[0].loss, 6);
    // The results JSON carries the split too.
    const run = JSON.parse(r.out).models[0].runs[0];
    expect(run.loss).toBeCloseTo(t.loss, 6);
    expect(run.penalty).toBeCloseTo(expected, 5);
    expect(run.dataLoss).toBeCloseTo(t.dataLoss, 6);
  });

  test('batch norm after 10 steps: NT0101 in run.json, after training, and from nnc doctor', async () => {
    const r = await train('bn', mlp('dense(32) + bn + relu'), '--limit', '320');
    expect(r.code).toBe(0);
    const f = r.record.diagnostics.find((d: { code: string }) => d.code === 'NT0101');
    expect(f.values).toEqual({ momentum: 0.99, steps: 10, fractionLeft: Number((0.99 ** 10).toPrecision(4)), stepsNeeded: 459, suggestedMomentum: 0.63 });
    expect(f.layer).toBe('batch_normalization');
    expect(r.err).toContain('NT0101 error [batch_normalization]: ');
    const d = await nnc('doctor', r.runDir, '--json');
    expect(d.code).toBe(0);
    expect(JSON.parse(d.out)).toEqual(r.record.diagnostics);
    const text = await nnc('doctor', r.runDir);
    expect(text.out.split('\n')[0]).toBe(`m (${r.runDir}, done, 1 epoch):`);
    expect(text.out).toContain('  NT0101 error [batch_normalization]: ');
    // The probe measured each layer.
    expect(r.record.probes[0].layers.map((l: { layer: string }) => l.layer)).toEqual(['dense', 'batch_normalization', 'activation', 'dense_1']);
    expect(r.record.probes[0].layers[2]).toMatchObject({ activation: 'relu', units: 32 });
    expect(r.record.probes[0].layers[1].bnShift).toBeGreaterThan(0);
    expect(r.record.probes[0].layers[1].bnVarRatio).toBeGreaterThan(0);
  });

  test('a healthy run has no findings', async () => {
    const r = await train('healthy', mlp('dense(64) + relu'), '--limit', '2000', '--epochs', '2');
    expect(r.code).toBe(0);
    expect(r.record.diagnostics).toEqual([]);
    const d = await nnc('doctor', r.runDir);
    expect(d.out).toBe(`m (${r.runDir}, done, 2 epochs):\n  doctor: no findings\n`);
  });

  test('a diverged run: NT0109 names the first layer that went non-finite', async () => {
    // Linear layers, mse and a learning rate far too high: the weights overflow within the first epoch.
    const spec = 'model m {\n  input(784)\n  dense(32)\n  dense(10)\n  train { optimizer: sgd(lr = 10); loss: mse; batch: 32; epochs: 1 }\n}\n';
    const r = await train('diverge', spec, '--limit', '640');
    expect(r.code).toBe(1);
    expect(r.record.status).toBe('diverged');
    const f = r.record.diagnostics.find((d: { code: string }) => d.code === 'NT0109');
    expect(f).toMatchObject({ severity: 'error', layer: 'dense', values: { lr: 10, epoch: 1 } });
  });

  test('nnc doctor on a folder without run.json is one line, exit 1', async () => {
    const d = await nnc('doctor', out);
    expect(d.code).toBe(1);
    expect(d.err).toBe(`nnc: error: ${out}/run.json: no such file, so this is not a run folder (give a folder made by nnc train)\n`);
  });
});
