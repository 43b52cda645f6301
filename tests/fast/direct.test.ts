// The direct convolutions for filters with few inputs per output (native/direct.cc: kh·kw·c ≤ 32
// and output channels a multiple of 16, e.g. a first layer on RGB images; AVX-512 only), forward
// (plain and fused) and both gradients, against the reference cpu backend on random shapes,
// strides, dilations, paddings and batch sizes. Every shape here satisfies that rule, so on an
// AVX-512 CPU each call goes through them (Winograd is turned off, as it would otherwise take the
// 3×3 stride-1 ones in its "wherever it applies" modes; by default it leaves them to these); the
// other instruction sets, which keep im2col for them, are checked on the same shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, grads, hasNative, input, int, randomPad, rng, same, setup } from './helpers.js';
import { loadNative } from '../../src/runtime/fast/addon.js';

let c: Core;
const nk = loadNative();
let initial = 1;
beforeAll(async () => {
  c = await setup();
  initial = nk!.winograd!()[0]!;
  nk!.winograd!(0);
});
afterAll(() => {
  if (nk) nk.winograd!(initial);
});

/** A filter shape on the direct path: kh·kw·c ≤ 32, co = 16·(1..5) (one to four vectors, and more). */
function filter(r: () => number): [number, number, number, number] {
  for (;;) {
    const kh = int(r, 1, 5), kw = int(r, 1, 5), ci = int(r, 1, 4);
    if (kh * kw * ci <= 32) return [kh, kw, ci, 16 * int(r, 1, 5)];
  }
}

describe.skipIf(!hasNative)('direct convolutions (few inputs per output)', () => {
  it('forward matches cpu on random shapes, strides, dilations and paddings', () => {
    const r = rng(71);
    for (let i = 0; i < 30; i++) {
      const [kh, kw, ci, co] = filter(r);
      const dil = r() < 0.25 ? 2 : 1;
      const stride = dil > 1 ? 1 : int(r, 1, 3);
      const x = input(r, [int(r, 1, 4), int(r, kh * dil, 17), int(r, kw * dil, 17), ci]);
      const f = input(r, [kh, kw, ci, co]);
      const pad = dil > 1 ? (r() < 0.5 ? 'same' : 'valid') : randomPad(r, kh, kw);
      same(c, `conv2d ${JSON.stringify({ x: x.shape, f: f.shape, stride, dil, pad })}`, (a, b) => c.conv2d(a as any, b as any, stride, pad, 'NHWC', dil), [x, f], 1e-5);
    }
  });

  it('fused with bias and an activation matches cpu', () => {
    const r = rng(72);
    for (const activation of ['linear', 'relu', 'elu'] as const) {
      const [kh, kw, ci, co] = filter(r);
      const x = input(r, [2, int(r, kh, 12), int(r, kw, 12), ci]);
      const f = input(r, [kh, kw, ci, co]), b = input(r, [co]);
      same(c, `fused ${activation}`, (a, k, bias) => c.fused.conv2d({ x: a as any, filter: k as any, strides: 1, pad: 'same', bias, activation }), [x, f, b], 1e-5);
    }
  });

  it('both gradients match cpu', () => {
    const r = rng(73);
    for (let i = 0; i < 20; i++) {
      const [kh, kw, ci, co] = filter(r);
      const stride = int(r, 1, 3);
      const x = input(r, [int(r, 1, 4), int(r, kh, 15), int(r, kw, 15), ci]);
      const f = input(r, [kh, kw, ci, co]);
      const pad = randomPad(r, kh, kw);
      same(c, `conv2d grads ${JSON.stringify({ x: x.shape, f: f.shape, stride, pad })}`, grads(c, (a: any, b: any) => c.conv2d(a, b, stride, pad), i), [x, f], 1e-5);
    }
  });

  it('matches cpu on every instruction-set path this CPU runs, at the seed CNN\'s first layer\'s channels', () => {
    const r = rng(74);
    const best = nk!.isa();
    try {
      for (const isa of nk!.isas()) {
        nk!.isa(isa);
        const x = input(r, [2, int(r, 5, 13), int(r, 5, 13), 3]), f = input(r, [3, 3, 3, 64]);
        expect(nk!.isa()).toBe(isa);
        same(c, isa, grads(c, (a: any, b: any) => c.conv2d(a, b, 1, 'same'), 5), [x, f], 1e-5);
      }
    } finally {
      nk!.isa(best);
    }
  });
});
