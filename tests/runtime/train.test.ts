// nnc train end to end on the default backend: the seed's MLP learns MNIST, runs are
// reproducible, --runs gives the results table, the run folder holds what it promises, and
// eval/predict use it. Sizes are kept small (--limit); the MNIST runs get a generous timeout for busy machines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { nnc, tmpDir } from './helpers.js';
import { loadNative } from '../../src/runtime/fast/addon.js';

const PART1 = 'specs/hw4/part1.nn';
let out: string;

beforeAll(() => {
  out = tmpDir('train');
});

const runDirs = (base: string) => fs.readdirSync(base).map((d) => path.join(base, d));

describe('nnc train', () => {
  test('the seed MLP reaches test accuracy >= 0.85 on mnist in 2 epochs on the default backend', async () => {
    const dir = path.join(out, 'mlp');
    const r = await nnc('train', PART1, '--model', 'mlp', '--data', 'mnist', '--limit', '10000', '--epochs', '2', '--out', dir, '--format', 'json', '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^epoch 1\/2  loss .*samples\/s\nepoch 2\/2 /);
    const json = JSON.parse(r.out);
    const run = json.models[0].runs[0];
    expect(run.accuracy).toBeGreaterThanOrEqual(0.85);
    // The run folder: run.json with per-epoch records, the model in TF.js layers format, the plot.
    const record = JSON.parse(fs.readFileSync(path.join(run.dir, 'run.json'), 'utf8'));
    expect(record.status).toBe('done');
    expect(record.backend).toBe(loadNative() ? 'fast' : 'wasm');
    expect(record.spec.path).toBe(PART1);
    expect(record.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.ir.name).toBe('mlp');
    expect(record.epochs).toHaveLength(2);
    for (const e of record.epochs) {
      expect(e.seconds).toBeGreaterThan(0);
      expect(e.samplesPerSecond).toBeGreaterThan(0);
      expect(e.valAccuracy).toBeGreaterThan(0);
    }
    expect(record.test.accuracy).toBe(run.accuracy);
    expect(record.data).toMatchObject({ spec: 'mnist', limit: 10000, train: 9000, validation: 1000, test: 10000 });
    expect(fs.readFileSync(path.join(run.dir, 'plot.svg'), 'utf8')).toMatch(/^<svg[\s\S]*polyline[\s\S]*<\/svg>\n$/);
    const modelJson = JSON.parse(fs.readFileSync(path.join(run.dir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    // tf.loadLayersModel reads it back with the same predictions as eval reports.
    const tf = await import('@tensorflow/tfjs-layers');
    const core = await import('@tensorflow/tfjs-core');
    const bytes = fs.readFileSync(path.join(run.dir, 'weights.bin'));
    const loaded = await tf.loadLayersModel(core.io.fromMemory(modelJson.modelTopology, modelJson.weightsManifest[0].weights, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
    expect(loaded.outputs[0]!.shape).toEqual([null, 10]);

    const ev = await nnc('eval', run.dir, '--data', 'mnist', '--format', 'json');
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.out).accuracy).toBeCloseTo(run.accuracy, 5);
  }, 240_000);

  test('--runs 3 prints a table with 3 rows and mean ± std; the same seed gives the same metrics', async () => {
    const args = ['train', PART1, '--model', 'mlp', '--data', 'mnist', '--limit', '600', '--epochs', '1', '--runs', '3', '--seed', '7', '--quiet'];
    const a = await nnc(...args, '--out', path.join(out, 'runs-a'));
    expect(a.code).toBe(0);
    const lines = a.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^run\s+mlp accuracy\s+mlp loss$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['1', '2', '3']);
    expect(lines[4]).toMatch(/^-+/);
    expect(lines[5]).toMatch(/^mean ± std\s+\d\.\d{4} ± \d\.\d{4}\s+\d\.\d{4} ± \d\.\d{4}$/);
    expect(lines).toHaveLength(6);
    const b = await nnc(...args, '--out', path.join(out, 'runs-b'), '--format', 'json');
    const json = JSON.parse(b.out);
    expect(json.models[0].runs.map((r: { seed: number }) => r.seed)).toEqual([7, 8, 9]);
    expect(json.models[0].runs.map((r: { accuracy: number }) => r.accuracy.toFixed(4))).toEqual(lines.slice(1, 4).map((l) => l.split(/\s+/)[1]));
    const accs = json.models[0].runs.map((r: { accuracy: number }) => r.accuracy);
    expect(new Set(accs).size).toBeGreaterThan(1);
    for (const key of ['mean', 'std']) expect(Object.keys(json.models[0][key]).sort()).toEqual(['accuracy', 'dataLoss', 'loss', 'penalty']);
  }, 240_000);

  test('several models side by side, as markdown', async () => {
    const r = await nnc('train', PART1, '--model', 'mlp,mlp_bn', '--data', 'mnist', '--limit', '300', '--epochs', '1', '--runs', '2', '--quiet', '--format', 'md', '--out', path.join(out, 'md'));
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]!.split('|').map((c) => c.trim())).toEqual(['', 'run', 'mlp accuracy', 'mlp loss', 'mlp_bn accuracy', 'mlp_bn loss', '']);
    expect(lines[1]).toMatch(/^\| -+ \| -+: \|/);
    expect(lines[4]).toMatch(/^\| mean ± std \|/);
    expect(lines).toHaveLength(5);
    // A folder per model, each with a picture of its 2 runs, and one picture of both models.
    const entries = fs.readdirSync(path.join(out, 'md')).sort();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/^compare-mlp-mlp_bn-\d{8}-\d{6}\.svg$/);
    expect(fs.readFileSync(path.join(out, 'md', entries[0]!), 'utf8')).toContain('>mlp_bn (2 runs)</text>');
    for (const model of entries.slice(1)) {
      expect(fs.readFileSync(path.join(out, 'md', model, 'plot.svg'), 'utf8')).toContain('>seed 2</text>');
    }
  }, 240_000);

  test('predict names the class of CSV rows with a run trained on CSV data', async () => {
    const dir = tmpDir('csv');
    const rows = ['a,b,label'];
    for (let i = 0; i < 60; i++) rows.push(i % 2 ? `${1 + (i % 5) / 10},0.1,big` : `0.1,${1 + (i % 3) / 10},small`);
    fs.writeFileSync(path.join(dir, 'data.csv'), rows.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'spec.nn'), 'model m {\n  input(2)\n  dense(8) + relu\n  dense(2) + softmax\n  train {\n    optimizer: adam(lr = 0.05)\n    loss: sparse_categorical_crossentropy\n    epochs: 20\n    batch: 8\n  }\n}\n');
    const t = await nnc('train', path.join(dir, 'spec.nn'), '--data', path.join(dir, 'data.csv'), '--quiet', '--format', 'json', '--out', path.join(dir, 'runs'));
    expect(t.code).toBe(0);
    const run = JSON.parse(t.out).models[0].runs[0];
    expect(run.accuracy).toBe(1);
    fs.writeFileSync(path.join(dir, 'new.csv'), 'a,b\n1.5,0.1\n0.1,1.2\n');
    const p = await nnc('predict', run.dir, path.join(dir, 'new.csv'), '--format', 'json');
    expect(p.code).toBe(0);
    const predictions = JSON.parse(p.out).predictions as { class: string; probability: number; probabilities: number[] }[];
    expect(predictions.map((x) => x.class)).toEqual(['big', 'small']);
    for (const x of predictions) expect(x.probability).toBe(Math.max(...x.probabilities));
  });
});
