// Dropout on the `fast` backend. tf.dropout draws its mask in JavaScript (seedrandom's Alea, one
// number at a time), which costs more than the rest of a dropout layer; here the same generator
// runs natively, seeded exactly as TF.js seeds it (one Math.random() when no seed is given), so the
// masks — and training — are the same as on the cpu backend, value for value.
import { createRequire } from 'node:module';
import type { Tensor } from '@tensorflow/tfjs-core';
import { alloc, type Core, type Kernel, type KernelArgs, output, size } from './common.js';
import type { NativeKernels } from './addon.js';

const MASK = 'NnDropoutMask';

/** seedrandom's Mash hash (as in seedrandom/lib/alea.js). */
function mash() {
  let n = 0xefc8249d;
  return (data: string) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
}

/** The state [s0, s1, s2, c] of seedrandom's Alea generator after seeding with `seed`. */
export function aleaState(seed: string): [number, number, number, number] {
  const m = mash();
  let s0 = m(' '), s1 = m(' '), s2 = m(' ');
  s0 -= m(seed);
  if (s0 < 0) s0 += 1;
  s1 -= m(seed);
  if (s1 < 0) s1 += 1;
  s2 -= m(seed);
  if (s2 < 0) s2 += 1;
  return [s0, s1, s2, 1];
}

export function dropoutKernels(nk: NativeKernels): Record<string, Kernel> {
  return {
    [MASK]: ({ backend: b, attrs }: KernelArgs) => {
      const { shape, state, keep } = attrs as { shape: number[]; state: number[]; keep: number };
      const m = alloc(b, size(shape));
      nk.dropoutMask(m, m.length, state[0]!, state[1]!, state[2]!, state[3]!, keep);
      return output(b, shape, m);
    },
  };
}

/** Replaces tf.dropout (as tfjs-layers calls it) by the native mask on the `fast` backend. */
export function installDropout(core: Core, backendName: string): void {
  const cjs = createRequire(import.meta.url)('@tensorflow/tfjs-core') as Core & { __nnFastDropout?: boolean };
  if (cjs.__nnFastDropout) return;
  cjs.__nnFastDropout = true;
  const original = cjs.dropout;
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  (cjs as any).dropout = (x: Tensor, rate: number, noiseShape?: number[], seed?: number | string) => {
    const plain = x instanceof core.Tensor && x.dtype === 'float32' && (noiseShape == null || same(noiseShape, x.shape));
    if (core.getBackend() !== backendName || !plain || !(rate > 0 && rate < 1)) return original(x, rate, noiseShape, seed);
    // As TF.js: keepProb = 1 − rate, a float32 scalar; the seed is a string, Math.random() if none.
    const keep = Math.fround(1 - rate);
    const state = aleaState(String(seed ?? Math.random()));
    return core.tidy(() => core.mul(x, core.engine().runKernel(MASK, {}, { shape: x.shape, state, keep } as any) as Tensor));
  };
}
