// The seed's CNN (specs/hw4/part2.nn: 5 conv blocks with batch norm, L2 and dropout, 3 dense
// layers, Adam) trains on the default backend: one epoch on a small shapes set, and its batch
// loss falls over the epoch.
import { describe, expect, test } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { loadData } from '../../src/data/index.js';
import { loadBackend } from '../../src/runtime/backends/index.js';
import { train } from '../../src/runtime/train.js';
import { tmpDir } from './helpers.js';
import { loadNative } from '../../src/runtime/fast/addon.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the seed CNN on the default backend', () => {
  test('trains one epoch on shapes:320 and its loss falls', async () => {
    const { tf, name } = await loadBackend('auto');
    expect(name).toBe(loadNative() ? 'fast' : 'wasm');
    const ir = compile('specs/hw4/part2.nn').ir!.models.find((m) => m.name === 'cnn')!;
    const data = await loadData('shapes:320', { inputShape: ir.input.shape });
    const test = 64;
    data.test = { x: data.test.x.subarray(0, test * 64 * 64 * 3), y: data.test.y.subarray(0, test), count: test };
    const losses: number[] = [];
    const record = await train({
      tf, backend: name, model: ir, spec: { path: 'specs/hw4/part2.nn', sha256: '' }, data,
      dataRecord: { spec: 'shapes:320', skipBad: false }, epochs: 1, batch: 16, seed: 1, runDir: tmpDir('cnn'), version: 'test',
      progress: { epochStart() {}, batchEnd: (_b, loss) => void losses.push(loss), epochEnd() {} },
    });
    expect(losses).toHaveLength(20);
    expect(losses.every(Number.isFinite)).toBe(true);
    // Batch losses are noisy (dropout, small batches): compare the first and last quarters.
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
    expect(record.status).toBe('done');
    expect(record.epochs[0]!.samplesPerSecond).toBeGreaterThan(0);
    // The data part of the test loss (the penalty of l2(0.001) is reported apart) is near a uniform guess's or below.
    expect(record.test!.dataLoss).toBeLessThan(Math.log(4) + 0.05);
    expect(record.test!.loss).toBeCloseTo(record.test!.dataLoss! + record.test!.penalty!, 5);
  }, 240_000);
});
