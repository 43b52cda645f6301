// Differential test against TF.js: every registry kind, under several attribute combinations,
// is built with its tfjs() on the cpu backend and run once; TF.js's parameter counts, weight
// shapes and trainable split, and output shape must equal the static weights() and inferShape().
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { layers } from '../../src/layers/registry.js';
import type { Attrs, Shape } from '../../src/layers/types.js';
import { installChainedOps } from '../../src/runtime/tfjs-chained-ops.js';
import { cases, type Case } from './cases.js';
import { kindOf, resolve } from './helpers.js';


const size = (s: readonly (number | null)[]) => s.reduce<number>((a, b) => a * (b ?? 0), 1);
const dtypeOf = (kind: string) => (kind === 'embedding' ? 'int32' : 'float32');
let counter = 0;

/** Builds the kind's TF.js layer on symbolic inputs and runs it once on zeros. */
function buildInTfjs(c: Case, attrs: Attrs) {
  const kind = kindOf(c.kind);
  const inputs = c.inputs.map((s) => tfl.input({ shape: s, dtype: dtypeOf(c.kind) }));
  const layer = kind.tfjs!(tfl, attrs, `${c.kind}_case${++counter}`, c.inputs[0]!);
  if (!layer) return null;
  const output = layer.apply(kind.multiInput ? inputs : inputs[0]!) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs, outputs: output });
  const result = tf.tidy(() => {
    const y = model.predict(c.inputs.map((s) => tf.zeros([1, ...s], dtypeOf(c.kind)))) as tf.Tensor;
    return y.shape.slice(1);
  });
  return { layer, symbolic: output.shape.slice(1), computed: result };
}

beforeAll(async () => {
  installChainedOps(tf);
  await tf.setBackend('cpu');
});

describe('every kind matches TF.js', () => {
  test('the cases cover every kind in the registry', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(layers.filter((k) => k.name !== 'input').map((k) => k.name)));
  });

  test.each(cases.map((c) => [`${c.kind} ${JSON.stringify(c.attrs ?? {})} on ${c.inputs.map((s) => s.join('x')).join(', ')}`, c] as const))(
    '%s', (_label, c) => {
      const kind = kindOf(c.kind);
      const attrs = resolve(c.kind, c.attrs);
      const inferred = kind.inferShape(c.inputs, attrs);
      expect(inferred).not.toHaveProperty('error');
      const expected = (inferred as { shape: Shape }).shape;
      expect(kind.tfjsUnsupported?.(c.inputs[0]!, attrs)).toBeUndefined();
      const built = buildInTfjs(c, attrs);
      const weights = kind.weights(c.inputs, attrs);
      if (!built) {
        // No TF.js layer: the builder passes the input through, so the kind must not change it.
        expect(expected).toEqual(c.inputs[0]);
        expect(weights).toEqual([]);
        return;
      }
      const { layer, symbolic, computed } = built;
      expect(symbolic).toEqual(expected);
      expect(computed).toEqual(expected);
      expect(layer.weights.map((w) => ({ name: w.name.split('/').at(-1), shape: w.shape, trainable: w.trainable }))).toEqual(weights);
      const trainable = weights.filter((w) => w.trainable).reduce((n, w) => n + size(w.shape), 0);
      const nonTrainable = weights.filter((w) => !w.trainable).reduce((n, w) => n + size(w.shape), 0);
      expect(layer.countParams()).toBe(trainable + nonTrainable);
      expect(layer.trainableWeights.reduce((n, w) => n + size(w.shape), 0)).toBe(trainable);
      expect(layer.nonTrainableWeights.reduce((n, w) => n + size(w.shape), 0)).toBe(nonTrainable);
      expect(kind.keras(c.inputs[0]!, attrs)).toBe(layer.getClassName());
    });

  test('the input kind is made by the model builder', () => {
    expect(kindOf('input').tfjs!(tfl, resolve('input', { shape: [3] }), 'input', [3])).toBeNull();
  });
});

/**
 * How TF.js treats an input the registry rejects: it throws, it builds a layer with a non-positive
 * output size (Keras raises), or it accepts it (TF.js is more lenient than Keras there).
 */
interface ErrorCase extends Case { code: string; tfjs: 'throws' | 'non-positive' | 'lenient' }

const errorCases: ErrorCase[] = [
  { kind: 'conv', inputs: [[3, 3, 2]], attrs: { filters: 4, kernel: 5 }, code: 'NN0402', tfjs: 'non-positive' },
  { kind: 'conv', inputs: [[9, 9, 2]], attrs: { filters: 4, stride: 2, dilation: 2 }, code: 'NN0406', tfjs: 'throws' },
  { kind: 'conv', inputs: [[9, 9, 2]], attrs: { filters: 4, kernel: [3, 3, 3] }, code: 'NN0210', tfjs: 'throws' },
  { kind: 'conv', inputs: [[9, 2]], attrs: { filters: 4, stride: [2, 2] }, code: 'NN0210', tfjs: 'throws' },
  { kind: 'conv', inputs: [[12]], attrs: { filters: 4 }, code: 'NN0401', tfjs: 'throws' },
  { kind: 'sepconv', inputs: [[9, 9, 2]], attrs: { filters: 4, stride: 2, dilation: 2 }, code: 'NN0406', tfjs: 'throws' },
  { kind: 'dwconv', inputs: [[2, 2, 3]], code: 'NN0402', tfjs: 'non-positive' },
  { kind: 'dwconv', inputs: [[9, 3]], code: 'NN0401', tfjs: 'throws' },
  { kind: 'sepconv', inputs: [[9, 3]], attrs: { filters: 2 }, code: 'NN0401', tfjs: 'throws' },
  { kind: 'deconv', inputs: [[9, 3]], attrs: { filters: 2 }, code: 'NN0401', tfjs: 'throws' },
  { kind: 'maxpool', inputs: [[1, 1, 3]], code: 'NN0402', tfjs: 'non-positive' },
  { kind: 'avgpool', inputs: [[12]], code: 'NN0401', tfjs: 'throws' },
  { kind: 'zeropad', inputs: [[9, 3]], code: 'NN0401', tfjs: 'throws' },
  { kind: 'upsample', inputs: [[9, 3]], code: 'NN0401', tfjs: 'throws' },
  { kind: 'gap', inputs: [[12]], code: 'NN0401', tfjs: 'throws' },
  { kind: 'lstm', inputs: [[4, 4, 2]], attrs: { units: 3 }, code: 'NN0401', tfjs: 'throws' },
  { kind: 'gru', inputs: [[12]], attrs: { units: 3, reset_after: false }, code: 'NN0401', tfjs: 'throws' },
  { kind: 'reshape', inputs: [[12]], attrs: { dims: [5, -1] }, code: 'NN0405', tfjs: 'throws' },
  { kind: 'reshape', inputs: [[12]], attrs: { dims: [5, 3] }, code: 'NN0405', tfjs: 'throws' },
  { kind: 'reshape', inputs: [[12]], attrs: { dims: [-1, -1] }, code: 'NN0406', tfjs: 'throws' },
  { kind: 'add', inputs: [[4, 3], [4, 2]], code: 'NN0404', tfjs: 'throws' },
  { kind: 'concat', inputs: [[4, 3], [5, 2]], code: 'NN0404', tfjs: 'throws' },
  { kind: 'concat', inputs: [[4, 3], [4, 3]], attrs: { axis: 3 }, code: 'NN0207', tfjs: 'lenient' },
  { kind: 'dense', inputs: [[4, 4, 3]], attrs: { units: 2 }, code: 'NN0401', tfjs: 'lenient' },
];

describe('shape errors where TF.js fails too', () => {
  test.each(errorCases.map((c) => [`${c.kind} ${JSON.stringify(c.attrs ?? {})} on ${c.inputs.map((s) => s.join('x')).join(', ')}`, c] as const))(
    '%s', (_label, c) => {
      const result = kindOf(c.kind).inferShape(c.inputs, resolve(c.kind, c.attrs));
      expect(result).toHaveProperty('error.code', c.code);
      if (c.tfjs === 'throws') {
        expect(() => buildInTfjs(c, resolve(c.kind, c.attrs))).toThrow();
      } else if (c.tfjs === 'non-positive') {
        const built = buildInTfjs(c, resolve(c.kind, c.attrs));
        expect(built!.symbolic.some((d) => d === null || d <= 0)).toBe(true);
      } else {
        expect(() => buildInTfjs(c, resolve(c.kind, c.attrs))).not.toThrow();
      }
    });

  test('TF.js rejects what tfjsUnsupported reports', () => {
    expect(() => buildInTfjs({ kind: 'gru', inputs: [[7, 5]] }, resolve('gru', { units: 6 }))).toThrow();
    expect(() => tfl.layers.gru({ units: 6, resetAfter: true } as never)).toThrow(/reset_after/);
    expect(kindOf('gru').tfjsUnsupported!([7, 5], resolve('gru', { units: 6 }))).toBeDefined();
    expect(kindOf('gap').tfjsUnsupported!([4, 4, 4, 2], {})).toBeDefined();
    expect('globalAveragePooling3d' in tfl.layers).toBe(false);
  });
});

describe('regularizers and fused activations reach TF.js', () => {
  const regularizer = { l1: 0.01, l2: 0.02 };
  const config = (kind: string, attrs: Attrs, input: Shape) =>
    kindOf(kind).tfjs!(tfl, resolve(kind, attrs), `${kind}_reg${++counter}`, input)!.getConfig();

  test.each([
    ['dense', { units: 3, regularizer, activation: 'relu' }, [4], ['kernelRegularizer']],
    ['conv', { filters: 3, regularizer, activation: 'relu' }, [5, 5, 2], ['kernelRegularizer']],
    ['dwconv', { regularizer, activation: 'relu' }, [5, 5, 2], ['depthwiseRegularizer']],
    ['sepconv', { filters: 3, regularizer, activation: 'relu' }, [5, 5, 2], ['depthwiseRegularizer', 'pointwiseRegularizer']],
    ['deconv', { filters: 3, regularizer, activation: 'relu' }, [5, 5, 2], ['kernelRegularizer']],
    ['lstm', { units: 3, regularizer }, [5, 2], ['kernelRegularizer']],
  ] as const)('%s', (kind, attrs, input, keys) => {
    const c = config(kind, attrs as Attrs, [...input]);
    for (const key of keys) expect(c[key]).toMatchObject({ className: 'L1L2', config: { l1: 0.01, l2: 0.02 } });
    if ('activation' in attrs) expect(c['activation']).toBe('relu');
    expect(config(kind, { ...attrs, regularizer: null } as Attrs, [...input])[keys[0]]).toBeNull();
  });
});
