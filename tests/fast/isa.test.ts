// Every instruction-set path of the native kernels that this CPU runs (AVX-512, AVX2, baseline)
// against the reference cpu backend, each kernel of the dispatch table on shapes that reach the
// vector loops and their remainders; and NNC_NATIVE_ISA, which forces a path.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isaProblem, loadNative, type Isa } from '../../src/runtime/fast/addon.js';
import { type Core, grads, hasNative, input, int, rng, same, setup } from './helpers.js';

let c: Core;
const nk = loadNative();
const usable: Isa[] = nk ? nk.isas() : [];
const best = usable[0];
beforeAll(async () => {
  c = await setup();
});
afterAll(() => {
  if (nk && best) nk.isa(best);
});

/** One case per kernel of the table (kernels.h), forward and gradients. */
function everyKernel(seed: number) {
  const r = rng(seed);
  for (let i = 0; i < 4; i++) {
    const m = int(r, 1, 70), n = int(r, 1, 70), k = int(r, 1, 300);
    const a = input(r, [m, k]), b = input(r, [k, n]), bias = input(r, [n]);
    same(c, `matMul ${m}×${k}×${n}`, (x: any, y: any) => c.matMul(x, y), [a, b]);
    same(c, `fused matMul relu ${m}×${k}×${n}`, grads(c, (x: any, y: any, z: any) => c.fused.matMul({ a: x, b: y, bias: z, activation: 'relu' }), i), [a, b, bias]);
    const x = input(r, [int(r, 1, 3), int(r, 3, 12), int(r, 3, 12), int(r, 1, 20)]);
    const f = input(r, [3, 3, x.shape[3]!, int(r, 1, 40)]);
    const stride = int(r, 1, 2);
    same(c, `conv2d ${x.shape} stride ${stride}`, grads(c, (u: any, w: any) => c.conv2d(u, w, stride, 'same'), i), [x, f]);
    same(c, `fused conv2d sigmoid ${x.shape}`, (u: any, w: any) => c.fused.conv2d({ x: u, filter: w, strides: stride, pad: 'valid', activation: 'sigmoid' }), [x, f]);
    same(c, `pointwise conv2d ${x.shape}`, grads(c, (u: any, w: any) => c.conv2d(u, w, 1, 'valid'), i), [x, input(r, [1, 1, x.shape[3]!, int(r, 1, 30)])]);
    const dw = input(r, [3, 3, x.shape[3]!, int(r, 1, 2)]);
    same(c, `depthwise ${x.shape}`, grads(c, (u: any, w: any) => c.depthwiseConv2d(u, w, stride, 'same'), i), [x, dw]);
    same(c, `maxPool ${x.shape}`, grads(c, (u: any) => c.maxPool(u, 2, 2, 'same'), i), [x]);
    same(c, `avgPool ${x.shape}`, grads(c, (u: any) => c.avgPool(u, 3, 1, 'valid'), i), [x]);
    const shape = [int(r, 1, 40), int(r, 1, 70)];
    const p = input(r, shape), q = input(r, [shape[1]!]);
    for (const op of [c.add, c.sub, c.mul, c.maximum, c.minimum, c.squaredDifference]) same(c, `${op.name} ${shape}`, (u: any, v: any) => op(u, v), [p, q]);
    for (const op of [c.relu, c.exp, c.sigmoid, c.neg, c.square, c.abs, c.floor]) same(c, `${op.name} ${shape}`, (u: any) => op(u), [p]);
    same(c, `sum ${shape}`, (u: any) => c.sum(u, 0), [p]);
    same(c, `tile ${shape}`, (u: any) => c.tile(u, [2, 3]), [p]);
    const bn = (u: any, mu: any, va: any, o: any, s: any) => c.batchNorm(u, mu, va, o, s, 0.001);
    const positive = input(r, [shape[1]!]);
    positive.values.forEach((v, j) => (positive.values[j] = Math.abs(v) + 0.5));
    same(c, `batchNorm ${shape}`, grads(c, bn, i), [p, q, positive, input(r, [shape[1]!]), input(r, [shape[1]!])]);
    same(c, `moments ${shape}`, grads(c, (u: any) => { const mo = c.moments(u, [0]); return c.add(mo.mean, mo.variance); }, i), [p]);
    same(c, `dropout ${shape}`, (u: any) => c.dropout(u, 0.3, undefined, 5), [p], 0);
  }
}

describe.skipIf(!hasNative)('instruction-set paths of the native kernels', () => {
  it('are listed best first and end with baseline; isa() switches between them', () => {
    expect(usable.at(-1)).toBe('baseline');
    expect(usable.every((isa) => ['avx512', 'avx2', 'baseline'].includes(isa))).toBe(true);
    for (const isa of usable) expect(nk!.isa(isa)).toBe(isa);
    expect(() => nk!.isa('sse9' as Isa)).toThrow(/not usable here/);
  });

  it.each(['avx512', 'avx2', 'baseline'] as const)('%s, when this CPU runs it, matches cpu on every kernel', (isa) => {
    if (!usable.includes(isa)) {
      expect(() => nk!.isa(isa)).toThrow(/not usable here/);
      return;
    }
    expect(nk!.isa(isa)).toBe(isa);
    everyKernel(71);
  });

  it('are different code: a long dot product rounds differently with FMA (AVX2, AVX-512) than without (baseline)', () => {
    const r = rng(72);
    const k = 4000, a = Float32Array.from({ length: k }, () => r() * 2 - 1), b = Float32Array.from({ length: k * 8 }, () => r() * 2 - 1);
    const product = (isa: Isa) => {
      nk!.isa(isa);
      const out = new Float32Array(8);
      nk!.matmul(Int32Array.of(1, 1, 8, k, 0, 0, 1, 1), a, b, out, null, 0, 0);
      return Array.from(out);
    };
    const baseline = product('baseline');
    for (const isa of usable.filter((i) => i !== 'baseline')) expect(product(isa)).not.toEqual(baseline);
  });
});

describe.skipIf(!hasNative)('NNC_NATIVE_ISA', () => {
  const addon = path.resolve(import.meta.dirname, '../../dist/runtime/fast/addon.js');
  const info = (isa: string) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e',
    `const m = await import(${JSON.stringify(addon)}); console.log(JSON.stringify({ info: m.nativeInfo(), problem: m.nativeProblem() }));`],
  { encoding: 'utf8', env: { ...process.env, NNC_NATIVE_ISA: isa } }));

  it('forces each path this CPU runs', () => {
    for (const isa of usable) expect(info(isa)).toMatchObject({ info: { isa, usable, forced: true }, problem: '' });
  });

  it('names the paths this CPU runs when asked for one it lacks', () => {
    expect(isaProblem('avx512', ['avx2', 'baseline'])).toBe('NNC_NATIVE_ISA=avx512, but this CPU runs only avx2, baseline');
    expect(isaProblem('avx2', ['avx2', 'baseline'])).toBe('');
  });

  it('rejects an unknown name, and the native kernels stay off', () => {
    expect(info('sse9')).toEqual({ info: null, problem: 'NNC_NATIVE_ISA must be one of avx512, avx2, baseline; got "sse9"' });
  });
});
