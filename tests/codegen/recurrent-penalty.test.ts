// A recurrent layer's L1/L2 kernel penalty counts in training, as in Keras, both in the models nnc
// train builds and in the generated TypeScript: TF.js keeps it on the layer's cell, where no model
// collects it, unless the layer reports it (withCellPenalty). Without the fix the penalty is 0.
import * as path from 'node:path';
import type * as Tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../../src/runtime/build.js';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { model as irModel } from '../helpers.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
}, 120_000);

/** The model's penalty after compiling, and λ·Σw² over the recurrent layer's kernel computed directly. */
function penalties(model: Tfl.LayersModel, layer: Tfl.layers.Layer, l2: number): [number, number] {
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const losses = model.calculateLosses();
  const total = losses.reduce((s, l) => s + l.dataSync()[0]!, 0);
  const kernel = layer.getWeights()[0]!;
  return [total, l2 * tf.core.sum(tf.core.square(kernel)).dataSync()[0]!];
}

describe('recurrent kernel penalties', () => {
  test.each(['rnn(4)', 'lstm(4)', 'gru(4, reset_after = false)'])('%s in the model nnc train builds', (layer) => {
    const m = irModel(`model m {\n  input(5, 3)\n  ${layer} + l2(0.01)\n  dense(2) + softmax\n}`);
    const node = m.nodes[1]!;
    const model = buildModel(tf, m);
    const [total, kernel] = penalties(model, model.getLayer(node.name), 0.01);
    expect(kernel).toBeGreaterThan(0.001);
    expect(total).toBeCloseTo(kernel, 6);
  });

  test('in the generated TypeScript', async () => {
    const mod = (await import(path.resolve('tests/codegen/golden/every-layer/expected.ts'))) as { models: Record<string, () => Tfl.LayersModel> };
    const model = mod.models['sequences']!();
    const [total, kernel] = penalties(model, model.layers.find((l) => l.getClassName() === 'SimpleRNN')!, 0.01);
    expect(kernel).toBeGreaterThan(0.001);
    expect(total).toBeCloseTo(kernel, 6);
  });
});
