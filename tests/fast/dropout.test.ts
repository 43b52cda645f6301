// Dropout on the fast backend draws TF.js's own random numbers natively: the output equals the cpu
// backend's value for value, with an explicit seed and with the Math.random() seeding TF.js uses
// when there is none; a noise shape, rate 0 and other backends keep TF.js's own code.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Core, hasNative, rng, same, setup } from './helpers.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
});

/** Runs f with Math.random replaced by a fixed sequence, so both backends draw the same seeds. */
function withRandom<T>(f: () => T): T {
  const saved = Math.random;
  Math.random = rng(99);
  try {
    return f();
  } finally {
    Math.random = saved;
  }
}

describe.skipIf(!hasNative)('native dropout', () => {
  it('equals the cpu backend exactly, with and without a seed', () => {
    const r = rng(61);
    for (const [shape, rate] of [[[2, 5, 7, 3], 0.25], [[1000], 0.5], [[33, 17], 0.9], [[4, 4], 0.01]] as const) {
      const x = { shape: [...shape], values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1) };
      same(c, `dropout ${rate} seeded`, (t) => c.dropout(t, rate, undefined, 42), [x], 0);
      same(c, `dropout ${rate} seeded by string`, (t) => c.dropout(t, rate, undefined, 'seed' as unknown as number), [x], 0);
      same(c, `dropout ${rate} unseeded`, (t) => withRandom(() => c.dropout(t, rate)), [x], 0);
      same(c, `dropout ${rate} gradient`, (t) => c.grad((u) => c.sum(c.mul(c.dropout(u, rate, undefined, 7), u)))(t), [x], 1e-6);
    }
  });

  it('leaves rate 0 and noise shapes to TF.js', () => {
    const x = { shape: [3, 4], values: Float32Array.from({ length: 12 }, (_, i) => i - 6) };
    same(c, 'rate 0', (t) => c.dropout(t, 0), [x], 0);
    same(c, 'noise shape', (t) => c.dropout(t, 0.5, [3, 1], 5), [x], 0);
  });

  it('draws a different mask on each call without a seed', () => {
    c.setBackend('fast');
    const x = c.ones([1000]);
    const a = c.dropout(x, 0.5).dataSync(), b = c.dropout(x, 0.5).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    const kept = a.filter((v) => v > 0).length;
    expect(kept).toBeGreaterThan(400);
    expect(kept).toBeLessThan(600);
  });
});
