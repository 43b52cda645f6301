// The compiled step's inference of a dense chain (native/step.cc's step_eval over dense_gemm.cc's
// product with its bias, batch norm and ReLU fused into the tile) against a plain float64 reference,
// on every instruction set this CPU runs: random chains whose widths, inputs and sample counts are
// not multiples of the micro-kernel's tiles (12×32, 6×16, 4×8) or of the 96 rows a thread takes at a
// time, every activation, with and without bias and batch norm, and a NaN input row.
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative, type Isa } from '../../src/runtime/fast/addon.js';
import { STEP_ACTS } from '../../src/runtime/fast/step-plan.js';
import { LAYER_NUMBERS } from '../../src/runtime/fast/compiled-step.js';
import { hasNative, int, rng } from './helpers.js';
import { pick } from '../random.js';

const nk = loadNative();
const best = nk?.isa();
afterAll(() => {
  if (nk && best) nk.isa(best);
});

interface Layer { in: number; out: number; act: string; w: Float32Array; b: Float32Array | null; bn: { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; eps: number } | null }

const uniform = (r: () => number, n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + r() * (hi - lo));

function randomChain(r: () => number, acts: string[]): Layer[] {
  let width = pick(r, [1, 7, 13, 33, 100, 200]);
  return acts.map((act) => {
    const out = pick(r, [1, 5, 10, 17, 31, 32, 33, 64, 70]);
    const layer: Layer = {
      in: width, out, act, w: uniform(r, width * out), b: r() < 0.6 ? uniform(r, out) : null,
      bn: r() < 0.4 ? { gamma: uniform(r, out, 0.5, 1.5), beta: uniform(r, out), mean: uniform(r, out), variance: uniform(r, out, 0.2, 2), eps: 0.001 } : null,
    };
    width = out;
    return layer;
  });
}

/** The outputs [n, classes] of the chain, in float64 (the same order of operations as the layers' definitions). */
function reference(layers: Layer[], x: Float32Array, n: number): Float64Array {
  let a = Float64Array.from(x);
  for (const L of layers) {
    const y = new Float64Array(n * L.out);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < L.out; j++) {
        let v = 0;
        for (let k = 0; k < L.in; k++) v += a[r * L.in + k]! * L.w[k * L.out + j]!;
        if (L.b) v += L.b[j]!;
        if (L.bn) v = L.bn.gamma[j]! * ((v - L.bn.mean[j]!) / Math.sqrt(L.bn.variance[j]! + L.bn.eps)) + L.bn.beta[j]!;
        if (L.act === 'relu') v = v > 0 || Number.isNaN(v) ? v : 0;
        else if (L.act === 'sigmoid') v = 1 / (1 + Math.exp(-v));
        else if (L.act === 'tanh') v = Math.tanh(v);
        y[r * L.out + j] = v;
      }
      if (L.act === 'softmax') {
        const row = y.subarray(r * L.out, (r + 1) * L.out);
        const mx = Math.max(...row);
        let s = 0;
        for (let j = 0; j < L.out; j++) s += row[j] = Math.exp(row[j]! - mx);
        for (let j = 0; j < L.out; j++) row[j]! /= s;
      }
    }
    a = y;
  }
  return a;
}

/** stepEval's outputs for x through a native net over the chain's arrays. */
function native(layers: Layer[], x: Float32Array, n: number): Float32Array {
  const head = Float64Array.of(layers.length, 0, 0.01, 32, 0, 0, 0, 0, 0, 0, 0, 0);
  const desc = new Float64Array(LAYER_NUMBERS * layers.length);
  const arrays: (Float32Array | null)[] = [];
  layers.forEach((L, l) => {
    desc.set([L.in, L.out, STEP_ACTS[L.act]!, L.bn ? 1 : 0, 0, 0, 0, 0, L.bn?.eps ?? 0, 0.01], LAYER_NUMBERS * l);
    arrays.push(L.w, L.b, L.bn?.gamma ?? null, L.bn?.beta ?? null, L.bn?.mean ?? null, L.bn?.variance ?? null, ...new Array(8).fill(null));
  });
  const net = nk!.stepNet!(head, desc, arrays);
  const probs = new Float32Array(n * layers.at(-1)!.out);
  nk!.stepEval!(net, x, null, n, probs, null);
  return probs;
}

/** Largest |got − want| over the scale of the values (at least 1); NaN where exactly one is NaN. */
function error(got: Float32Array, want: Float64Array): number {
  let worst = 0;
  const scale = Math.max(1, ...Array.from(want, (v) => (Number.isNaN(v) ? 0 : Math.abs(v))));
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!) || Number.isNaN(got[i]!)) {
      if (Number.isNaN(want[i]!) !== Number.isNaN(got[i]!)) return NaN;
      continue;
    }
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / scale);
  }
  return worst;
}

describe.skipIf(!hasNative)('the compiled step\'s inference of a dense chain', () => {
  it.each(nk?.isas() ?? [])('matches a float64 reference on %s, every activation, with and without bias and batch norm', (isa) => {
    nk!.isa(isa as Isa);
    expect(nk!.isa()).toBe(isa);
    const r = rng(31 + isa.length);
    const acts = ['linear', 'relu', 'sigmoid', 'tanh'];
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const hidden = Array.from({ length: int(r, 0, 2) }, (_, h) => acts[(i + h) % 4]!);
      const layers = randomChain(r, [...hidden, pick(r, [...acts, 'softmax'])]);
      const n = pick(r, [1, 5, 12, 95, 97, 250]);
      const x = uniform(r, n * layers[0]!.in, -2, 2);
      if (n > 3) x[3 * layers[0]!.in + int(r, 0, layers[0]!.in - 1)] = NaN;
      const what = `${isa} chain ${i}: ${layers.map((L) => `${L.in}→${L.out} ${L.act}${L.b ? '+bias' : ''}${L.bn ? '+bn' : ''}`).join(', ')}; ${n} samples`;
      // float32 sums of up to 200 terms, through up to two batch norms that scale by up to 1.5/√0.2.
      expect(error(native(layers, x, n), reference(layers, x, n)), what).toBeLessThan(1e-4);
      for (const L of layers) seen.add(`${L.act}${L.b ? '+bias' : ''}${L.bn ? '+bn' : ''}`);
    }
    for (const act of [...acts, 'softmax']) expect([...seen].some((s) => s.startsWith(act)), act).toBe(true);
    expect([...seen].some((s) => s.endsWith('+bn')) && [...seen].some((s) => s.includes('+bias'))).toBe(true);
  });

  it('gives the same outputs on one thread as on the pool', () => {
    const r = rng(77);
    const layers = randomChain(r, ['relu', 'tanh', 'softmax']);
    const n = 1000;
    const x = uniform(r, n * layers[0]!.in);
    const whole = native(layers, x, n);
    const rows = new Float32Array(whole.length);
    const c = layers.at(-1)!.out;
    // 10 samples at a time: never more than one turn of rows, so always the calling thread.
    for (let s = 0; s < n; s += 10) rows.set(native(layers, x.subarray(s * layers[0]!.in, (s + 10) * layers[0]!.in), 10), s * c);
    expect(Array.from(rows)).toEqual(Array.from(whole));
  });
});
