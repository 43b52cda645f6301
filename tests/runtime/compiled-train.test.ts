// nnc train's own path with the compiled step (the `fast` backend): part 1's MLP with batch
// norm records the epochs, validation and test metrics model.fit gives (NNC_COMPILED_STEP=0), and
// a run interrupted after its first epoch and resumed from the checkpoint ends exactly as an
// uninterrupted one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { noneSkipped, type Dataset, type Split } from '../../src/data/types.js';
import { loadBackend } from '../../src/runtime/backends/index.js';
import { loadNative } from '../../src/runtime/fast/addon.js';
import type { RunRecord } from '../../src/runtime/record.js';
import { loadSavedModel, readCheckpoint, readRunRecord } from '../../src/runtime/run-files.js';
import { buildModel } from '../../src/runtime/build.js';
import { compileModel } from '../../src/runtime/compile-model.js';
import { compiledStepProblem } from '../../src/runtime/epoch.js';
import { train, type TrainRequest } from '../../src/runtime/train.js';
import { rng } from '../random.js';
import type { IrModel } from '../../src/ir/types.js';
import { tmpDir } from './helpers.js';

afterEach(() => {
  delete process.env.NNC_COMPILED_STEP;
});

/** n samples of 784 values whose class is the largest of 10 fixed sums of them. */
function split(n: number, seed: number): Split {
  const r = rng(seed);
  const x = new Float32Array(n * 784), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const sums = new Array<number>(10).fill(0);
    for (let k = 0; k < 784; k++) {
      const v = (x[i * 784 + k] = r() < 0.7 ? 0 : r());
      sums[k % 10] += v;
    }
    y[i] = sums.indexOf(Math.max(...sums));
  }
  return { x, y, count: n };
}

const data: Dataset = {
  name: 'sums', sampleShape: [784], classes: Array.from({ length: 10 }, (_, i) => `c${i}`),
  train: split(500, 1), test: split(120, 2), split: 'generated', skipped: noneSkipped('bad row'),
};

const irOf = (model: string) => compile('specs/hw4/part1.nn').ir!.models.find((m) => m.name === model)!;

async function run(model: string | IrModel, dir: string, over: Partial<TrainRequest> = {}): Promise<RunRecord> {
  const { tf, name } = await loadBackend('fast');
  const ir = typeof model === 'string' ? irOf(model) : model;
  return train({
    tf, backend: name, model: ir, spec: { path: 'specs/hw4/part1.nn', sha256: '' }, data, dataRecord: { spec: 'sums', skipBad: false },
    epochs: 2, batch: 16, seed: 5, runDir: dir, cwd: dir, version: 'test',
    progress: { epochStart() {}, batchEnd() {}, epochEnd() {} }, ...over,
  });
}

const metrics = (r: RunRecord) => r.epochs.map(({ seconds: _s, samplesPerSecond: _p, ...rest }) => rest);

describe.skipIf(!loadNative())('training with the compiled step', () => {
  test("part 1's MLP with batch norm records what model.fit does", async () => {
    const { tf } = await loadBackend('fast');
    const built = buildModel(tf, irOf('mlp_bn'));
    compileModel(tf, built, irOf('mlp_bn'));
    expect(compiledStepProblem(tf, built)).toBe('');
    built.dispose();
    const got = await run('mlp_bn', tmpDir('compiled'));
    process.env.NNC_COMPILED_STEP = '0';
    const ref = await run('mlp_bn', tmpDir('fit'));
    const [g, f] = [metrics(got), metrics(ref)];
    expect(g.map((e) => Object.keys(e).sort())).toEqual(f.map((e) => Object.keys(e).sort()));
    g.forEach((e, i) => {
      for (const [k, v] of Object.entries(f[i]!)) expect(Math.abs((e as Record<string, number>)[k]! - (v as number)), `epoch ${i + 1} ${k}`).toBeLessThan(1e-4);
    });
    expect(got.epochs[1]!.accuracy).toBeGreaterThan(got.epochs[0]!.accuracy!);
    for (const [k, v] of Object.entries(ref.test!)) expect(Math.abs(got.test![k as keyof typeof got.test]! - v), `test ${k}`).toBeLessThan(1e-4);
    expect(got.probes!.map((p) => p.layers.length)).toEqual(ref.probes!.map((p) => p.layers.length));
  }, 120_000);

  const withOptimizer = (optimizer: string) => {
    const file = path.join(tmpDir('spec'), 'm.nn');
    fs.writeFileSync(file, [
      'model m {', '  input(784)', '  dense(32) + bn + relu', '  dense(10) + softmax',
      `  train { optimizer: ${optimizer}; loss: sparse_categorical_crossentropy; metrics: accuracy; batch: 16; epochs: 2; validation: 0.1 }`, '}', '',
    ].join('\n'));
    const result = compile(file);
    expect(result.diagnostics.map((d) => d.message)).toEqual([]);
    return result.ir!.models[0]!;
  };

  test('a small CNN with batch norm, dropout and pooling records what model.fit does, and resumes exactly', async () => {
    const file = path.join(tmpDir('spec'), 'cnn.nn');
    fs.writeFileSync(file, [
      'model cnn {', '  input(28, 28, 1)', '  conv(4, padding = same) + bn + l2(0.001) + relu + dropout(0.25)', '  maxpool(2)',
      '  conv(8) + relu', '  maxpool(2)', '  flatten', '  dense(16) + relu + dropout(0.5)', '  dense(10) + softmax',
      '  train { optimizer: sgd(lr = 0.05, momentum = 0.9); loss: sparse_categorical_crossentropy; metrics: accuracy; batch: 16; epochs: 2; validation: 0.1 }', '}', '',
    ].join('\n'));
    const model = compile(file).ir!.models[0]!;
    const images = { ...data, sampleShape: [28, 28, 1] };
    const { tf } = await loadBackend('fast');
    const built = buildModel(tf, model);
    compileModel(tf, built, model);
    expect(compiledStepProblem(tf, built)).toBe('');
    built.dispose();
    const whole = tmpDir('compiled');
    const got = await run(model, whole, { data: images });
    process.env.NNC_COMPILED_STEP = '0';
    const ref = await run(model, tmpDir('fit'), { data: images });
    delete process.env.NNC_COMPILED_STEP;
    const [g, f] = [metrics(got), metrics(ref)];
    g.forEach((e, i) => {
      for (const [k, v] of Object.entries(f[i]!)) expect(Math.abs((e as Record<string, number>)[k]! - (v as number)), `epoch ${i + 1} ${k}`).toBeLessThan(1e-4);
    });
    for (const [k, v] of Object.entries(ref.test!)) expect(Math.abs(got.test![k as keyof typeof got.test]! - v), `test ${k}`).toBeLessThan(1e-4);
    const dir = tmpDir('resumed');
    await expect(run(model, dir, { data: images, progress: { epochStart() {}, batchEnd() {}, epochEnd() { throw new Error('interrupted'); } } })).rejects.toThrow('interrupted');
    const record = readRunRecord(dir);
    const resumed = await run(model, dir, { data: images, resume: readCheckpoint(dir, record)! });
    expect(metrics(resumed)).toEqual(metrics(got));
    expect(resumed.test).toEqual(got.test);
    expect(fs.readFileSync(path.join(dir, 'weights.bin')).equals(fs.readFileSync(path.join(whole, 'weights.bin')))).toBe(true);
  }, 120_000);

  test.each([['mlp_sigmoid_bn', 1], ['sgd(lr = 0.01, momentum = 0.9)', 7], ['adam(lr = 0.001)', 13]])('a run resumed after its first epoch ends exactly as an uninterrupted one: %s', async (which, optimizerWeights) => {
    const model = which === 'mlp_sigmoid_bn' ? irOf(which) : withOptimizer(which);
    const whole = tmpDir('whole');
    const uninterrupted = await run(model, whole);
    const dir = tmpDir('resumed');
    await expect(run(model, dir, {
      progress: { epochStart() {}, batchEnd() {}, epochEnd() { throw new Error('interrupted'); } },
    })).rejects.toThrow('interrupted');
    const record = readRunRecord(dir);
    const checkpoint = readCheckpoint(dir, record)!;
    expect(checkpoint.epoch).toBe(1);
    // The model loaded from the checkpoint (with its optimizer) takes the compiled step too.
    const { tf } = await loadBackend('fast');
    const loaded = await loadSavedModel(tf, checkpoint.dir, model);
    expect(compiledStepProblem(tf, loaded)).toBe('');
    expect((await loaded.optimizer.getWeights()).length).toBe(optimizerWeights);
    loaded.dispose();
    const resumed = await run(model, dir, { resume: checkpoint });
    if (which.startsWith('adam')) {
      // TF.js itself restores Adam's running powers of β₁ and β₂ as β^(t+1), where an uninterrupted
      // run multiplied them step by step: they differ in the last bit, which Adam carries into the
      // steps of weights whose gradient is rounding noise (the bias feeding batch norm).
      const [r, u] = [metrics(resumed), metrics(uninterrupted)];
      expect(r[0]).toEqual(u[0]);
      for (const [k, v] of Object.entries(u[1]!)) expect(Math.abs((r[1] as Record<string, number>)[k]! - (v as number)), k).toBeLessThan(1e-4);
      for (const [k, v] of Object.entries(uninterrupted.test!)) expect(Math.abs(resumed.test![k as keyof typeof resumed.test]! - v), k).toBeLessThan(1e-4);
      return;
    }
    expect(metrics(resumed)).toEqual(metrics(uninterrupted));
    expect(resumed.test).toEqual(uninterrupted.test);
    expect(fs.readFileSync(path.join(dir, 'weights.bin')).equals(fs.readFileSync(path.join(whole, 'weights.bin')))).toBe(true);
  }, 120_000);
});
