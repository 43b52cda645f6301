// Winograd F(2,3) and F(4,3) for 3×3 stride-1 convolutions (native/winograd.cc): forward, fused
// and both gradients against the reference cpu backend on random shapes, paddings, batches and
// channel counts; the calls that take each are counted, so each test checks which was taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, grads, hasNative, type Input, input, int, type Pad, relErr, rng, same, setup } from './helpers.js';
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

/**
 * Runs f and returns how many forward, input-gradient and filter-gradient calls took F(2,3)
 * meanwhile, then the same for F(4,3).
 */
function taken(f: () => void): number[] {
  const before = mode();
  f();
  return mode().slice(1).map((n, i) => n - before[i + 1]!);
}
/** What `taken` gives when the given calls [forward, input gradient, filter gradient] took `tile`. */
const calls = (tile: 2 | 4, kinds: number[]) => (tile === 2 ? [...kinds, 0, 0, 0] : [0, 0, 0, ...kinds]);
const TILES = [2, 4] as const;
/** Error bounds: F(4,3)'s transforms have larger coefficients (measured: up to 1.2e-5 at 256 channels). */
const tol = (tile: 2 | 4) => (tile === 2 ? 1e-5 : 1e-4);

/** A padding for a 3×3 filter: 'same', 'valid' or explicit up to 2 on each side. */
function randomPad3(r: () => number): Pad {
  const p = r();
  if (p < 0.35) return 'same';
  if (p < 0.7) return 'valid';
  // Explicit and asymmetric, like Keras's 'same' for even sizes.
  return [[0, 0], [int(r, 0, 2), int(r, 0, 2)], [int(r, 0, 2), int(r, 0, 2)], [0, 0]];
}

describe.skipIf(!hasNative)('Winograd F(2,3) and F(4,3) convolutions', () => {
  it.each(TILES)('F(%i,3) forward matches cpu on random shapes, batches, paddings and channel counts', (tile) => {
    mode(tile);
    const r = rng(60 + tile);
    for (let i = 0; i < 30; i++) {
      const x = input(r, [int(r, 1, 4), int(r, 3, 15), int(r, 3, 15), int(r, 1, 48)]);
      const f = input(r, [3, 3, x.shape[3]!, int(r, 1, 48)]);
      const pad = randomPad3(r);
      const what = `conv2d ${JSON.stringify({ x: x.shape, f: f.shape, pad })}`;
      expect(taken(() => same(c, what, (a, b) => c.conv2d(a as any, b as any, 1, pad), [x, f], tol(tile))), what).toEqual(calls(tile, [1, 0, 0]));
    }
  });

  it.each(TILES)('F(%i,3) fused with bias and an activation matches cpu', (tile) => {
    mode(tile);
    const r = rng(62);
    for (const activation of ['linear', 'relu', 'elu'] as const) {
      const x = input(r, [2, int(r, 4, 12), int(r, 4, 12), int(r, 8, 40)]);
      const co = int(r, 8, 40);
      const f = input(r, [3, 3, x.shape[3]!, co]), b = input(r, [co]);
      expect(taken(() => same(c, `fused ${activation}`, (a, k, bias) =>
        c.fused.conv2d({ x: a as any, filter: k as any, strides: 1, pad: 'same', bias, activation }), [x, f, b], tol(tile)))).toEqual(calls(tile, [1, 0, 0]));
    }
  });

  it.each(TILES)('F(%i,3): both gradients go through it too, and match cpu', (tile) => {
    mode(tile);
    const r = rng(63);
    for (let i = 0; i < 16; i++) {
      const x = input(r, [int(r, 1, 3), int(r, 3, 13), int(r, 3, 13), int(r, 1, 40)]);
      const f = input(r, [3, 3, x.shape[3]!, int(r, 1, 40)]);
      const pad = randomPad3(r);
      const what = `conv2d grads ${JSON.stringify({ x: x.shape, f: f.shape, pad })}`;
      const g = grads(c, (a: any, b: any) => c.conv2d(a, b, 1, pad), i);
      // One forward call, one input gradient, one filter gradient.
      expect(taken(() => same(c, what, g, [x, f], tol(tile))), what).toEqual(calls(tile, [1, 1, 1]));
    }
  });

  it.each(TILES)('F(%i,3) matches cpu on every instruction-set path this CPU runs', (tile) => {
    mode(tile);
    const r = rng(66);
    const best = nk!.isa();
    try {
      for (const isa of nk!.isas()) {
        nk!.isa(isa);
        // Channel counts past a vector's width and not a multiple of it: the loops and their remainders.
        const x = input(r, [2, int(r, 5, 11), int(r, 5, 11), int(r, 17, 40)]);
        const f = input(r, [3, 3, x.shape[3]!, int(r, 17, 40)]);
        const what = `${isa} ${JSON.stringify({ x: x.shape, f: f.shape })}`;
        expect(taken(() => same(c, what, grads(c, (a: any, b: any) => c.conv2d(a, b, 1, 'same'), 3), [x, f], tol(tile))), what).toEqual(calls(tile, [1, 1, 1]));
      }
    } finally {
      nk!.isa(best);
    }
  });

  it('F(4,3) stays within 1e-4 of im2col at the seed CNN\'s channel counts, forward and both gradients', () => {
    // Against the native im2col kernels (themselves checked against cpu above), which are fast at
    // these sizes where the reference cpu backend is not.
    const r = rng(67);
    for (const [n, hw, ci, co] of [[2, 16, 64, 128], [1, 8, 256, 256]]) {
      const p = Int32Array.of(n, hw, hw, ci, 3, 3, co, hw, hw, 1, 1, 1, 1, 1, 1);
      const x = input(r, [n, hw, hw, ci]).values, w = input(r, [3, 3, ci, co]).values, dy = input(r, [n, hw, hw, co]).values;
      const run = (m: number) => {
        mode(m);
        const y = new Float32Array(dy.length), dx = new Float32Array(x.length), dw = new Float32Array(w.length);
        nk!.conv2d(p, x, w, null, y, 0, 0);
        nk!.conv2dBackpropInput(p, dy, w, dx);
        nk!.conv2dBackpropFilter(p, x, dy, dw);
        return [y, dx, dw];
      };
      const ref = run(0);
      const got: Float32Array[] = [];
      expect(taken(() => got.push(...run(4)))).toEqual(calls(4, [1, 1, 1]));
      got.forEach((g, k) => expect(relErr(ref[k]!, g), `${[n, hw, ci, co]} output ${k}`).toBeLessThan(1e-4));
    }
  });

  it.each(TILES)('F(%i,3) is not taken for stride 2, dilation 2, 5×5 or 1×1 filters, even where it would apply otherwise', (tile) => {
    mode(tile);
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
      expect(taken(() => same(c, what, g, [x, f])), what).toEqual(calls(tile, [0, 0, 0]));
    }
  });

  it('by default is taken only when both channel counts are large enough, F(4,3) for outputs of 12×12 or more (8×8 below AVX-512), and never when turned off', () => {
    const r = rng(65);
    // Forward and both gradients: the calls of each that took F(2,3), then F(4,3).
    const conv = (shape: number[], co: number) => {
      const x = input(r, shape), f = input(r, [3, 3, shape[3]!, co]);
      const g = grads(c, (a: any, b: any) => c.conv2d(a, b, 1, 'same'), 2);
      return taken(() => same(c, JSON.stringify({ shape, co }), g, [x, f], 1e-4));
    };
    // The tile of outputs from 8×8 to 11×11.
    const mid = nk!.isa() === 'avx512' ? 2 : 4;
    mode(1);
    expect(conv([1, 8, 8, 3], 64)).toEqual(calls(2, [0, 0, 0]));  // the first layer's RGB, every way
    expect(conv([1, 16, 16, 3], 64)).toEqual(calls(4, [0, 0, 0]));
    expect(conv([1, 8, 8, 64], 4)).toEqual(calls(2, [0, 0, 0]));
    expect(conv([1, 8, 8, 64], 8)).toEqual(calls(mid, [1, 1, 1]));
    expect(conv([1, 8, 8, 64], 64)).toEqual(calls(mid, [1, 1, 1]));
    expect(conv([1, 11, 16, 16], 16)).toEqual(calls(mid, [1, 1, 1]));
    expect(conv([1, 7, 16, 16], 16)).toEqual(calls(2, [1, 1, 1]));
    expect(conv([1, 12, 12, 16], 16)).toEqual(calls(4, [1, 1, 1]));
    expect(conv([1, 3, 3, 64], 64)).toEqual(calls(2, [0, 0, 0]));  // too small to pay
    mode(0);
    expect(conv([1, 8, 8, 64], 64)).toEqual(calls(2, [0, 0, 0]));
    expect(conv([1, 16, 16, 64], 64)).toEqual(calls(4, [0, 0, 0]));
  });

  it('keeps training losses those of im2col, in F(2,3) and in F(4,3)', async () => {
    const { tfl } = await loadTf();
    c.setBackend('fast');
    // 14×14 images: F(4,3)'s blocks run past the edges of the 14×14 and 12×12 ('valid') outputs.
    const losses = async (m: number) => {
      mode(m);
      const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
      const net = tfl.sequential({
        layers: [
          tfl.layers.conv2d({ inputShape: [14, 14, 3], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
          tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
          tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: init(3) }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(4) }),
        ],
      });
      // The seed's learning rate (at 0.01 these steps are chaotic: the loss jumps from 0.03 to 1.8).
      net.compile({ optimizer: c.train.adam(0.001), loss: 'categoricalCrossentropy' });
      const x = c.randomUniform([8, 14, 14, 3], -1, 1, 'float32', 5);
      const y = c.oneHot(c.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push((await net.trainOnBatch(x, y)) as number);
      net.dispose();
      return out;
    };
    let last = mode();
    const ran = async (m: number) => {
      const out = await losses(m);
      const now = mode();
      const diff = now.slice(1).map((n, i) => n - last[i + 1]!);
      last = now;
      return { out, diff };
    };
    const off = await ran(0);
    expect(off.diff).toEqual(calls(2, [0, 0, 0]));
    expect(off.out[5]!).toBeLessThan(off.out[0]!);
    // 6 steps. Modes 2 and 4 take every convolution's forward and filter gradient, and the input
    // gradients of the two 32→32 ones (the first layer's is not computed); by default (1) the
    // 3-channel first layer stays with im2col and the others take F(4,3) (outputs 14×14 and 12×12).
    for (const [m, tile, n] of [[2, 2, [18, 12, 18]], [4, 4, [18, 12, 18]], [1, 4, [12, 12, 12]]] as const) {
      const on = await ran(m);
      expect(on.diff, `mode ${m}`).toEqual(calls(tile, [...n]));
      on.out.forEach((l, i) => expect(Math.abs(l - off.out[i]!) / Math.abs(off.out[i]!), `mode ${m} step ${i}`).toBeLessThan(1e-4));
    }
  });
});
