// Native element-wise kernels against the reference cpu backend: broadcasting binary ops, unary
// ops, Sum/Mean over axes, Tile, moments, and batch normalization forward and gradients.
import { beforeAll, describe, it } from 'vitest';
import { type Core, grads, hasNative, input, int, rng, same, setup } from './helpers.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
});

/** Two shapes that broadcast together: random rank ≤ 5, some dimensions 1 or missing on one side. */
function broadcastPair(r: () => number): [number[], number[]] {
  const rank = int(r, 0, 5);
  const full = Array.from({ length: rank }, () => int(r, 1, 7));
  const a = full.map((d) => (r() < 0.3 ? 1 : d)), b = full.map((d) => (r() < 0.3 ? 1 : d));
  return [a.slice(int(r, 0, Math.min(2, rank))), b.slice(r() < 0.5 ? 0 : int(r, 0, rank))];
}

describe.skipIf(!hasNative)('native element-wise ops', () => {
  it('binary ops with broadcasting match cpu, with gradients', () => {
    const r = rng(51);
    const ops = { add: c.add, sub: c.sub, mul: c.mul, div: c.div, squaredDifference: c.squaredDifference, maximum: c.maximum, minimum: c.minimum };
    for (let i = 0; i < 60; i++) {
      const [sa, sb] = broadcastPair(r);
      for (const [name, op] of Object.entries(ops)) {
        const a = input(r, sa), b = input(r, sb);
        if (name === 'div') b.values.forEach((v, j) => (b.values[j] = v < 0 ? v - 0.5 : v + 0.5));
        same(c, `${name} ${JSON.stringify([sa, sb])}`, (x, y) => (op as any)(x, y), [a, b]);
        // TF.js's gradients of squaredDifference, maximum and minimum do not reduce broadcast dimensions.
        const gradOk = ['add', 'sub', 'mul', 'div'].includes(name) || JSON.stringify(sa) === JSON.stringify(sb);
        if (i % 4 === 0 && gradOk) same(c, `${name} grads ${JSON.stringify([sa, sb])}`, grads(c, (x: any, y: any) => (op as any)(x, y), i), [a, b]);
      }
    }
  });

  it('unary ops match cpu, with gradients', () => {
    const r = rng(52);
    const ops: Record<string, (x: any) => any> = {
      relu: c.relu, step: (x) => c.step(x, 0.3), floor: c.floor, sqrt: (x) => c.sqrt(c.abs(x)), rsqrt: (x) => c.rsqrt(c.add(c.abs(x), 0.1)),
      square: c.square, neg: c.neg, exp: c.exp, log: (x) => c.log(c.add(c.abs(x), 0.1)), sigmoid: c.sigmoid, abs: c.abs, reciprocal: (x) => c.reciprocal(c.add(c.abs(x), 0.1)),
    };
    for (let i = 0; i < 8; i++) {
      const x = input(r, Array.from({ length: int(r, 0, 4) }, () => int(r, 1, 40)));
      for (const [name, op] of Object.entries(ops)) {
        same(c, name, op, [x]);
        same(c, `${name} grad`, grads(c, op, i), [x]);
      }
    }
  });

  it('Sum and Mean over any axes match cpu, with gradients', () => {
    const r = rng(53);
    for (let i = 0; i < 40; i++) {
      const shape = Array.from({ length: int(r, 1, 4) }, () => int(r, 1, 9));
      const axes = shape.map((_, d) => d).filter(() => r() < 0.5);
      const keep = r() < 0.5;
      const x = input(r, shape);
      for (const op of [c.sum, c.mean]) {
        const fn = (t: any) => op(t, axes.length ? axes : undefined, keep);
        same(c, `${op.name} ${JSON.stringify({ shape, axes, keep })}`, fn, [x]);
        same(c, `${op.name} grad`, grads(c, fn, i), [x]);
      }
    }
    const big = input(r, [16, 33, 17, 64]);
    same(c, 'sum over the leading axes of a large tensor', (t) => c.sum(t, [0, 1, 2]), [big]);
  });

  it('Tile matches cpu', () => {
    const r = rng(54);
    for (let i = 0; i < 30; i++) {
      const shape = Array.from({ length: int(r, 1, 4) }, () => int(r, 1, 5));
      const reps = shape.map(() => int(r, 1, 3));
      same(c, `tile ${JSON.stringify({ shape, reps })}`, (t) => c.tile(t, reps), [input(r, shape)]);
    }
  });

  it('batch normalization forward and gradients match cpu', () => {
    const r = rng(55);
    for (let i = 0; i < 16; i++) {
      const ch = int(r, 1, 20);
      const shape = [...Array.from({ length: int(r, 1, 3) }, () => int(r, 1, 9)), ch];
      const x = input(r, shape), mean = input(r, [ch]), variance = input(r, [ch]), offset = input(r, [ch]), scale = input(r, [ch]);
      variance.values.forEach((v, j) => (variance.values[j] = Math.abs(v) + 0.1));
      const fn = (a: any, m: any, v: any, o: any, s: any) => c.batchNorm(a, m, v, o, s, 0.001);
      same(c, `batchNorm ${JSON.stringify(shape)}`, fn, [x, mean, variance, offset, scale]);
      same(c, `batchNorm grads ${JSON.stringify(shape)}`, grads(c, fn, i), [x, mean, variance, offset, scale]);
      same(c, 'batchNorm without offset and scale', (a: any, m: any, v: any) => c.batchNorm(a, m, v), [x, mean, variance]);
    }
  });

  it('moments (native over all axes but the last) match cpu, with gradients', () => {
    const r = rng(56);
    for (let i = 0; i < 20; i++) {
      const shape = Array.from({ length: int(r, 2, 4) }, () => int(r, 1, 9));
      const lead = shape.slice(0, -1).map((_, d) => d);
      const axes = r() < 0.7 ? lead : shape.map((_, d) => d).filter(() => r() < 0.5);
      const keep = r() < 0.3;
      const x = input(r, shape);
      const fn = (t: any) => { const m = c.moments(t, axes, keep); return [m.mean, m.variance]; };
      same(c, `moments ${JSON.stringify({ shape, axes, keep })}`, fn, [x]);
      const withGrad = (t: any) => { const m = c.moments(t, axes, keep); return c.add(c.mul(c.sum(m.mean), 0.3), m.variance); };
      same(c, `moments grad ${JSON.stringify({ shape, axes, keep })}`, grads(c, withGrad, i), [x]);
      const meanOnly = (t: any) => c.moments(t, axes, keep).mean;
      same(c, 'moments grad through the mean only', grads(c, meanOnly, i), [x]);
    }
  });

  it('GatherV2 along any axis matches cpu, for float and int tensors', () => {
    const r = rng(57);
    for (let i = 0; i < 30; i++) {
      const shape = Array.from({ length: int(r, 1, 4) }, () => int(r, 1, 6));
      const axis = int(r, 0, shape.length - 1);
      const idx = Array.from({ length: int(r, 1, 7) }, () => int(r, 0, shape[axis]! - 1));
      const x = input(r, shape);
      same(c, `gather ${JSON.stringify({ shape, axis, idx })}`, (t) => c.gather(t, c.tensor1d(idx, 'int32'), axis), [x]);
      same(c, 'gather of an int tensor', (t) => c.gather(c.cast(c.mul(t, 100), 'int32'), c.tensor2d(idx.concat(idx), [2, idx.length], 'int32'), axis).cast('float32'), [x]);
    }
  });
});
