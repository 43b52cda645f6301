// The `fast` backend reuses the arrays of disposed native outputs; these tests check it never
// reuses one that is still visible: read out by dataSync/data, or shared with a view (Slice).
import { beforeAll, describe, expect, it } from 'vitest';
import { type Core, hasNative, setup } from './helpers.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
  c.setBackend('fast');
});

const N = 1 << 16; // large enough to be recycled

describe.skipIf(!hasNative)('fast backend memory reuse', () => {
  it('an array read with dataSync keeps its values after the tensor is disposed', async () => {
    const a = c.fill([N], 2), b = c.fill([N], 3);
    const y = c.mul(a, b);
    const seen = y.dataSync();
    const asyncSeen = await c.add(a, b).data();
    y.dispose();
    for (let i = 0; i < 5; i++) c.tidy(() => c.mul(c.add(a, b), b).dataSync());
    c.tidy(() => c.sub(a, b));
    expect(seen.every((v) => v === 6)).toBe(true);
    expect((asyncSeen as Float32Array).every((v) => v === 5)).toBe(true);
  });

  it('a slice of a native output survives the disposal of the output', () => {
    const a = c.fill([4, N], 2), b = c.fill([4, N], 5);
    const y = c.mul(a, b);
    const s = c.slice(y, [1, 0], [1, N]);
    y.dispose();
    for (let i = 0; i < 5; i++) c.tidy(() => c.sub(c.add(a, b), a));
    expect(s.dataSync().every((v) => v === 10)).toBe(true);
  });

  it('the array of a disposed native output is reused for the next output of its size', () => {
    const a = c.randomNormal([N]);
    const arrayOf = (t: { dataId: object }) => (c.backend() as any).data.get(t.dataId).values;
    const y1 = c.mul(a, a);
    const first = arrayOf(y1);
    y1.dispose();
    const y2 = c.add(a, a);
    expect(arrayOf(y2)).toBe(first);
    expect(y2.dataSync()[0]).toBeCloseTo(2 * a.dataSync()[0]!, 5);
  });
});
