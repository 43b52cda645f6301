// Shared setup for the native-kernel tests: TF.js with both the reference `cpu` backend and the
// `fast` backend, seeded random inputs, and a comparison of one computation on the two backends.
import { expect } from 'vitest';
import type * as Tfc from '@tensorflow/tfjs-core';
import { loadTf } from '../../src/runtime/tf.js';
import { registerFast } from '../../src/runtime/fast/backend.js';
import { loadNative, nativeProblem } from '../../src/runtime/fast/addon.js';
import { rng } from '../random.js';

export { rng };
/**
 * The native kernels are built by `npm ci`. Their tests fail loudly when they are missing; only an
 * explicit NNC_NO_NATIVE=1 (testing the fallback on purpose) turns them off.
 */
export const hasNative = loadNative() !== null;
if (!hasNative && process.env.NNC_NO_NATIVE !== '1') {
  throw new Error(`native kernels ${nativeProblem()}: run npm run build:native, or set NNC_NO_NATIVE=1 to test without them`);
}

export type Core = typeof Tfc;
export interface Input {
  shape: number[];
  values: Float32Array;
}

let core: Core | undefined;
export async function setup(): Promise<Core> {
  if (core) return core;
  const tf = await loadTf();
  await registerFast(tf.core);
  core = tf.core;
  return core;
}

/** n values uniform in [-1, 1), or ties-rich (a few distinct values) when `ties`. */
export function input(r: () => number, shape: number[], ties = false): Input {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = ties ? Math.floor(r() * 4) / 2 - 1 : r() * 2 - 1;
  return { shape, values };
}

export const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** A convolution's padding as TF.js takes it: a name, or explicit [before, after] per dimension. */
export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** 'same' or 'valid' (two fifths each), else explicit padding of up to the kernel's size on each side. */
export function randomPad(r: () => number, kh: number, kw: number): Pad {
  const p = r();
  if (p < 0.4) return 'same';
  if (p < 0.8) return 'valid';
  return [[0, 0], [int(r, 0, kh), int(r, 0, kh)], [int(r, 0, kw), int(r, 0, kw)], [0, 0]];
}

/** Runs f on the given backend with fresh tensors of the inputs; returns every output's values. */
function run(c: Core, backend: string, f: (...ts: Tfc.Tensor[]) => Tfc.Tensor | Tfc.Tensor[], inputs: Input[]): { shape: number[]; values: Float32Array }[] {
  c.setBackend(backend);
  return c.tidy(() => {
    const ts = inputs.map((i) => c.tensor(i.values, i.shape));
    const out = f(...ts);
    return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, values: Float32Array.from(t.dataSync()) }));
  });
}

/** The maximum absolute difference divided by the largest reference magnitude. */
export function relErr(ref: Float32Array, got: Float32Array): number {
  let err = 0, mag = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(ref[i]! - got[i]!);
    err = Number.isNaN(d) ? (Number.isNaN(ref[i]!) && Number.isNaN(got[i]!) ? err : Infinity) : Math.max(err, d);
    mag = Math.max(mag, Math.abs(ref[i]!));
  }
  return mag === 0 ? err : err / mag;
}

/** f gives the same outputs (shapes, and values within 1e-4 relative) on `fast` as on `cpu`. */
export function same(c: Core, what: string, f: (...ts: Tfc.Tensor[]) => Tfc.Tensor | Tfc.Tensor[], inputs: Input[], tol = 1e-4) {
  const ref = run(c, 'cpu', f, inputs);
  const got = run(c, 'fast', f, inputs);
  expect(got.length, what).toBe(ref.length);
  ref.forEach((r, i) => {
    expect(got[i]!.shape, `${what} output ${i} shape`).toEqual(r.shape);
    expect(relErr(r.values, got[i]!.values), `${what} output ${i}`).toBeLessThanOrEqual(tol);
  });
}

/** The gradients of Σ f(xs)·w (w random, fixed) with respect to every input. */
export function grads(c: Core, f: (...ts: Tfc.Tensor[]) => Tfc.Tensor, seed: number) {
  return (...ts: Tfc.Tensor[]): Tfc.Tensor[] => {
    const g = c.grads((...xs: Tfc.Tensor[]) => {
      const y = f(...xs);
      const w = c.randomUniform(y.shape, -1, 1, 'float32', seed);
      return c.sum(c.mul(y, w));
    });
    return g(ts);
  };
}
