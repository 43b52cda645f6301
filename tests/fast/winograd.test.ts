// Winograd F(2,3) for 3×3 stride-1 convolutions (native/winograd.cc): forward, fused and both
// gradients against the reference cpu backend on random shapes, paddings, batches and channel
// counts; the calls that take it are counted, so each test checks it was (or was not) taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, grads, hasNative, type Input, input, int, rng, same, setup } from './helpers.js';
import { loadTf } from '../../src/runtime/tf.js';
import { loadNative } from '../../src/runtime/fast/addon.js';

let c: Core;
const nk = loadNative();
const mode = (m?: number) => nk!.winograd!(m);
let initial = 1;
beforeAll(async () => {
  c = await setup();
  initial = mode()[0];
});
afterAll(() => {
  if (nk) mode(initial);
});

/** Runs f and returns how many forward, input-gradient and filter-gradient calls took Winograd meanwhile. */
function taken(f: () => void): number[] {
  const before = mode();
  f();
  return mode().slice(1).map((n, i) => n - before[i + 1]!);
}

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
function randomPad(r: () => number): Pad {
  const p = r();
  if (p < 0.35) return 'same';
  if (p < 0.7) return 'valid';
  // Explicit and asymmetric, like Keras's 'same' for even sizes.
  return [[0, 0], [int(r, 0, 2), int(r, 0, 2)], [int(r, 0, 2), int(r, 0, 2)], [0, 0]];
}

describe.skipIf(!hasNative)('Winograd F(2,3) convolution', () => {
  it('forward matches cpu on random shapes, batches, paddings and channel counts', () => {
    mode(2);
    const r = rng(61);
    for (let i = 0; i < 30; i++) {
      const x = input(r, [int(r, 1, 4), int(r, 3, 15), int(r, 3, 15), int(r, 1, 48)]);
      const f = input(r, [3, 3, x.shape[3]!, int(r, 1, 48)]);
      const pad = randomPad(r);
      const what = `conv2d ${JSON.stringify({ x: x.shape, f: f.shape, pad })}`;
      expect(taken(() => same(c, what, (a, b) => c.conv2d(a as any, b as any, 1, pad), [x, f], 1e-5)), what).toEqual([1, 0, 0]);
    }
  });

  it('fused with bias and an activation matches cpu', () => {
    mode(2);
    const r = rng(62);
    for (const activation of ['linear', 'relu', 'elu'] as const) {
      const x = input(r, [2, int(r, 4, 12), int(r, 4, 12), int(r, 8, 40)]);
      const co = int(r, 8, 40);
      const f = input(r, [3, 3, x.shape[3]!, co]), b = input(r, [co]);
      expect(taken(() => same(c, `fused ${activation}`, (a, k, bias) =>
        c.fused.conv2d({ x: a as any, filter: k as any, strides: 1, pad: 'same', bias, activation }), [x, f, b], 1e-5))).toEqual([1, 0, 0]);
    }
  });

  it('both gradients go through it too, and match cpu', () => {
    mode(2);
    const r = rng(63);
    for (let i = 0; i < 16; i++) {
      const x = input(r, [int(r, 1, 3), int(r, 3, 13), int(r, 3, 13), int(r, 1, 40)]);
      const f = input(r, [3, 3, x.shape[3]!, int(r, 1, 40)]);
      const pad = randomPad(r);
      const what = `conv2d grads ${JSON.stringify({ x: x.shape, f: f.shape, pad })}`;
      const g = grads(c, (a: any, b: any) => c.conv2d(a, b, 1, pad), i);
      // One forward call, one input gradient, one filter gradient.
      expect(taken(() => same(c, what, g, [x, f], 1e-5)), what).toEqual([1, 1, 1]);
    }
  });

  it('matches cpu on every instruction-set path this CPU runs', () => {
    mode(2);
    const r = rng(66);
    const best = nk!.isa();
    try {
      for (const isa of nk!.isas()) {
        nk!.isa(isa);
        // Channel counts past a vector's width and not a multiple of it: the loops and their remainders.
        const x = input(r, [2, int(r, 5, 11), int(r, 5, 11), int(r, 17, 40)]);
        const f = input(r, [3, 3, x.shape[3]!, int(r, 17, 40)]);
        const what = `${isa} ${JSON.stringify({ x: x.shape, f: f.shape })}`;
        expect(taken(() => same(c, what, grads(c, (a: any, b: any) => c.conv2d(a, b, 1, 'same'), 3), [x, f], 1e-5)), what).toEqual([1, 1, 1]);
      }
    } finally {
      nk!.isa(best);
    }
  });

  it('is not taken for stride 2, dilation 2, 5×5 or 1×1 filters, even where it would apply otherwise', () => {
    mode(2);
    const r = rng(64);
    const x = input(r, [2, 12, 12, 32]);
    const f3 = input(r, [3, 3, 32, 32]), f5 = input(r, [5, 5, 32, 32]), f1 = input(r, [1, 1, 32, 32]);
    const cases: [string, Input, (a: any, b: any) => any][] = [
      ['stride 2', f3, (a, b) => c.conv2d(a, b, 2, 'same')],
      ['dilation 2', f3, (a, b) => c.conv2d(a, b, 1, 'same', 'NHWC', 2)],
      ['5×5', f5, (a, b) => c.conv2d(a, b, 1, 'same')],
      ['1×1', f1, (a, b) => c.conv2d(a, b, 1, 'same')],
      ['3×1', input(r, [3, 1, 32, 32]), (a, b) => c.conv2d(a, b, 1, 'same')],
    ];
    for (const [what, f, fn] of cases) {
      // TF.js has no gradient for dilated convolutions: the forward only there.
      const g = what.startsWith('dilation') ? fn : grads(c, fn, 1);
      expect(taken(() => same(c, what, g, [x, f])), what).toEqual([0, 0, 0]);
    }
  });

  it('by default is taken only when both channel counts are large enough, and never when turned off', () => {
    const r = rng(65);
    // Forward and both gradients: the calls of each that took Winograd.
    const conv = (shape: number[], co: number) => {
      const x = input(r, shape), f = input(r, [3, 3, shape[3]!, co]);
      const g = grads(c, (a: any, b: any) => c.conv2d(a, b, 1, 'same'), 2);
      return taken(() => same(c, JSON.stringify({ shape, co }), g, [x, f], 1e-5));
    };
    mode(1);
    expect(conv([1, 8, 8, 3], 64)).toEqual([0, 0, 0]);  // the first layer's RGB, every way
    expect(conv([1, 8, 8, 64], 4)).toEqual([0, 0, 0]);
    expect(conv([1, 8, 8, 64], 8)).toEqual([1, 1, 1]);
    expect(conv([1, 8, 8, 64], 64)).toEqual([1, 1, 1]);
    expect(conv([1, 3, 3, 64], 64)).toEqual([0, 0, 0]);  // too small to pay
    mode(0);
    expect(conv([1, 8, 8, 64], 64)).toEqual([0, 0, 0]);
  });

  it('keeps training losses those of im2col', async () => {
    const { tfl } = await loadTf();
    c.setBackend('fast');
    const losses = async (m: number) => {
      mode(m);
      const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
      const net = tfl.sequential({
        layers: [
          tfl.layers.conv2d({ inputShape: [10, 10, 3], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
          tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
          tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: init(3) }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(4) }),
        ],
      });
      net.compile({ optimizer: c.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const x = c.randomUniform([8, 10, 10, 3], -1, 1, 'float32', 5);
      const y = c.oneHot(c.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push((await net.trainOnBatch(x, y)) as number);
      net.dispose();
      return out;
    };
    const before = mode();
    const off = await losses(0);
    const after0 = mode();
    const on = await losses(1);
    const after1 = mode();
    expect(after0.slice(1)).toEqual(before.slice(1));
    // Two 32→32 convolutions per step, forward and in both gradients: 6 steps.
    expect(after1.slice(1).map((n, i) => n - after0[i + 1]!)).toEqual([12, 12, 12]);
    expect(off[5]!).toBeLessThan(off[0]!);
    on.forEach((l, i) => expect(Math.abs(l - off[i]!) / Math.abs(off[i]!), `step ${i}`).toBeLessThan(1e-4));
  });
});
