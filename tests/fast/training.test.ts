// Training a small network (conv, batch norm, pooling, dropout, dense, Adam, L2) on the `fast`
// backend follows the same losses as on the reference cpu backend from the same initial weights.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Core, hasNative, setup } from './helpers.js';
import { loadTf } from '../../src/runtime/tf.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
});

async function losses(backend: string): Promise<number[]> {
  const { tfl } = await loadTf();
  c.setBackend(backend);
  const l2 = tfl.regularizers.l2({ l2: 0.001 });
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, padding: 'same', kernelRegularizer: l2, kernelInitializer: init(1) }),
      tfl.layers.batchNormalization(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, kernelInitializer: init(2) }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
  m.compile({ optimizer: c.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const x = c.randomUniform([16, 12, 12, 3], -1, 1, 'float32', 5);
  const y = c.oneHot(c.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
  const out: number[] = [];
  for (let i = 0; i < 8; i++) out.push((await m.trainOnBatch(x, y)) as number);
  return out;
}

describe.skipIf(!hasNative)('training on the fast backend', () => {
  it('gives the losses of the cpu backend, step by step', async () => {
    const ref = await losses('cpu');
    const got = await losses('fast');
    expect(ref[7]!).toBeLessThan(ref[0]!);
    got.forEach((l, i) => expect(Math.abs(l - ref[i]!) / Math.abs(ref[i]!), `step ${i}`).toBeLessThan(1e-3));
  });
});
