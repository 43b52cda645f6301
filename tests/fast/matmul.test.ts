// Native matrix products against the reference cpu backend: matMul with transposes and broadcast
// batches, the fused product with bias and activations, and their gradients.
import { beforeAll, describe, it } from 'vitest';
import { type Core, grads, hasNative, input, int, rng, same, setup } from './helpers.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
});

describe.skipIf(!hasNative)('native matmul', () => {
  it('matMul with transposes and batch broadcasting matches cpu, with gradients', () => {
    const r = rng(41);
    for (let i = 0; i < 40; i++) {
      const m = int(r, 1, 70), n = int(r, 1, 70), k = int(r, 1, 90), ta = r() < 0.5, tb = r() < 0.5;
      const batch = r() < 0.5 ? [] : [int(r, 1, 3)];
      const ba = batch.length && r() < 0.3 ? [1] : batch, bb = batch.length && r() < 0.3 ? [1] : batch;
      const a = input(r, [...ba, ...(ta ? [k, m] : [m, k])]), b = input(r, [...bb, ...(tb ? [n, k] : [k, n])]);
      const fn = (x: any, y: any) => c.matMul(x, y, ta, tb);
      const what = JSON.stringify({ a: a.shape, b: b.shape, ta, tb });
      same(c, `matMul ${what}`, fn, [a, b]);
      // TF.js cannot take gradients through a broadcast batch (on any backend).
      if (ba[0] === bb[0]) same(c, `matMul grads ${what}`, grads(c, fn, i), [a, b]);
    }
  });

  it('fused matMul with bias and activations matches cpu, with gradients', () => {
    const r = rng(42);
    for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu'] as const) {
      const m = int(r, 1, 40), n = int(r, 1, 40), k = int(r, 1, 60);
      const a = input(r, [m, k]), b = input(r, [k, n]), bias = input(r, [n]), alpha = input(r, [n]);
      const fn = (x: any, y: any, z: any, p: any) => c.fused.matMul({ a: x, b: y, bias: z, activation, preluActivationWeights: p, leakyreluAlpha: 0.3 });
      same(c, `fused matMul ${activation}`, fn, [a, b, bias, alpha]);
      const g = (x: any, y: any, z: any) => c.fused.matMul({ a: x, b: y, bias: z, activation: activation === 'prelu' ? 'linear' : activation, leakyreluAlpha: 0.3 });
      same(c, `fused matMul grads ${activation}`, grads(c, g, 7), [a, b, bias]);
    }
  });
});
