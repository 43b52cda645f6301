// Native pooling against the reference cpu backend: max pooling forward and gradient (with
// overlapping windows and many ties) and average pooling forward and gradient, on random shapes.
import { beforeAll, describe, it } from 'vitest';
import { type Core, grads, hasNative, input, int, rng, same, setup } from './helpers.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
});

describe.skipIf(!hasNative)('native pooling', () => {
  it('max pooling forward and gradient match cpu, ties included', () => {
    const r = rng(31);
    for (let i = 0; i < 40; i++) {
      const ph = int(r, 1, 3), pw = int(r, 1, 3), stride = int(r, 1, 3);
      const x = input(r, [int(r, 1, 3), int(r, ph, 12), int(r, pw, 12), int(r, 1, 7)], r() < 0.5);
      const pad = r() < 0.5 ? 'same' : 'valid';
      const fn = (a: any) => c.maxPool(a, [ph, pw], stride, pad);
      const what = JSON.stringify({ x: x.shape, ph, pw, stride, pad });
      same(c, `maxPool ${what}`, fn, [x]);
      same(c, `maxPool grad ${what}`, grads(c, fn, i), [x]);
    }
  });

  it('average pooling forward and gradient match cpu', () => {
    const r = rng(32);
    for (let i = 0; i < 30; i++) {
      const ph = int(r, 1, 3), pw = int(r, 1, 3), stride = int(r, 1, 3);
      const x = input(r, [int(r, 1, 3), int(r, ph, 12), int(r, pw, 12), int(r, 1, 7)]);
      const pad = r() < 0.5 ? 'same' : 'valid';
      const what = JSON.stringify({ x: x.shape, ph, pw, stride, pad });
      same(c, `avgPool ${what}`, (a: any) => c.avgPool(a, [ph, pw], stride, pad), [x]);
      same(c, `avgPool grad ${what}`, grads(c, (a: any) => c.avgPool(a, [ph, pw], stride, pad), i), [x]);
    }
  });
});
