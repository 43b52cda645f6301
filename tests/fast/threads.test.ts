// The native kernels share one thread pool per process; TF.js running in several worker threads at
// once must still get exact results (a second caller runs its work on its own thread).
import { createRequire } from 'node:module';
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

describe.skipIf(!hasNative)('the thread pool', () => {
  it('runs every part of a job exactly once, whichever thread takes it', () => {
    // Small products, just over the threshold for splitting: the caller often finishes its own part
    // before a worker wakes and takes the worker's part too, and the two race for it.
    const nk = createRequire(import.meta.url)(addon);
    const M = 64, N = 64, K = 64;
    const a = Float32Array.from({ length: M * K }, (_, i) => (i % 7) - 3);
    const b = Float32Array.from({ length: K * N }, (_, i) => (i % 5) - 2);
    const want = new Float32Array(M * N);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) want[i * N + j]! += a[i * K + k]! * b[k * N + j]!;
    let bad = 0;
    for (let run = 0; run < 3000; run++) {
      const c = new Float32Array(M * N).fill(NaN);
      nk.matmul(Int32Array.of(1, M, N, K, 0, 0, 1, 1), a, b, c, null, 0, 0);
      if (!c.every((v, i) => v === want[i])) bad++;
    }
    expect(bad).toBe(0);
  });
});

describe.skipIf(!hasNative)('native kernels in worker threads', () => {
  it('give exact results when several threads call them at once', async () => {
    const runs = [0, 1, 2].map(() => new Worker(worker, { eval: true, workerData: addon }));
    const results = await Promise.all(runs.map((w) => new Promise((resolve, reject) => w.on('message', resolve).on('error', reject))));
    await Promise.all(runs.map((w) => w.terminate()));
    expect(results).toEqual([true, true, true]);
  });
});
