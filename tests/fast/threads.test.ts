// The native kernels share one thread pool per process; TF.js running in several worker threads at
// once must still get exact results (a second caller runs its work on its own thread).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { hasNative } from './helpers.js';

const addon = path.resolve(import.meta.dirname, '../../native/build/nnfast.node');
const worker = `
const { parentPort, workerData } = require('node:worker_threads');
const nk = require(workerData);
const M = 300, N = 200, K = 150;
const a = new Float32Array(M * K).fill(1), b = new Float32Array(K * N).fill(2), c = new Float32Array(M * N);
let ok = true;
for (let i = 0; i < 200; i++) {
  c.fill(0);
  nk.matmul(Int32Array.of(1, M, N, K, 0, 0, 1, 1), a, b, c, null, 0, 0);
  ok = ok && c.every((v) => v === 2 * K);
}
parentPort.postMessage(ok);`;

describe.skipIf(!hasNative)('native kernels in worker threads', () => {
  it('give exact results when several threads call them at once', async () => {
    const runs = [0, 1, 2].map(() => new Worker(worker, { eval: true, workerData: addon }));
    const results = await Promise.all(runs.map((w) => new Promise((resolve, reject) => w.on('message', resolve).on('error', reject))));
    await Promise.all(runs.map((w) => w.terminate()));
    expect(results).toEqual([true, true, true]);
  });
});
