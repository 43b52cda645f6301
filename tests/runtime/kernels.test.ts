// The composed gradient kernels registered for wasm must give what the reference cpu backend
// gives, within 1e-4, on randomized shapes, strides, dilations and paddings.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { registerMissingKernels } from '../../src/runtime/kernels/index.js';
import { pick, rng } from '../random.js';

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const values = (r: () => number, n: number) => Float32Array.from({ length: n }, () => r() * 2 - 1);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Runs a kernel on a backend and returns its values and shape. */
function runOn(backend: string, name: string, inputs: Record<string, { shape: number[]; data: Float32Array | Int32Array; dtype?: tf.DataType }>, attrs: object) {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.data, v.shape, v.dtype ?? 'float32');
    const out = tf.engine().runKernel(name, ts, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { shape: out.shape, data: out.dataSync() as Float32Array };
  });
}

function expectClose(a: { shape: number[]; data: Float32Array }, b: { shape: number[]; data: Float32Array }) {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!) / Math.max(1, Math.abs(b.data[i]!)));
  expect(worst).toBeLessThan(1e-4);
}

interface ConvCase { x: number[]; k: [number, number]; stride: [number, number]; dilation: [number, number]; pad: 'same' | 'valid'; co: number }

function convCase(r: () => number, allowDilation: boolean): ConvCase {
  const stride: [number, number] = [int(r, 1, 3), int(r, 1, 3)];
  const dilated = allowDilation && r() < 0.4 && stride[0] === 1 && stride[1] === 1;
  const dilation: [number, number] = dilated ? [int(r, 1, 3), int(r, 1, 3)] : [1, 1];
  const k: [number, number] = [int(r, 1, 4), int(r, 1, 4)];
  const h = int(r, (k[0] - 1) * dilation[0] + 1, 12), w = int(r, (k[1] - 1) * dilation[1] + 1, 12);
  return { x: [int(r, 1, 3), h, w, int(r, 1, 5)], k, stride, dilation, pad: pick(r, ['same', 'valid'] as const), co: int(r, 1, 6) };
}

function outShape(c: ConvCase, channels: number) {
  const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], [...c.k, c.x[3]!, 1], c.stride, c.dilation, c.pad);
  return [c.x[0]!, info.outHeight, info.outWidth, channels];
}

const CASES = 40;

/**
 * Depthwise gradients from their definition, for dilated cases: TF.js's cpu kernels ignore the
 * dilations attribute (TF.js's own gradient of depthwise conv refuses dilations, so it never passes one).
 */
function naiveDepthwiseGrads(c: ConvCase, mult: number, x: Float32Array, dy: Float32Array, filter: Float32Array) {
  const [b, h, w, ci] = c.x as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], [...c.k, ci, mult], c.stride, c.dilation, c.pad, undefined, true);
  const co = ci * mult, [kh, kw] = c.k;
  const dW = new Float32Array(kh * kw * ci * mult), dX = new Float32Array(b * h * w * ci);
  for (let n = 0; n < b; n++) for (let oy = 0; oy < info.outHeight; oy++) for (let ox = 0; ox < info.outWidth; ox++)
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const y = oy * c.stride[0] + i * c.dilation[0] - info.padInfo.top, xx = ox * c.stride[1] + j * c.dilation[1] - info.padInfo.left;
      if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
      for (let ch = 0; ch < ci; ch++) for (let m = 0; m < mult; m++) {
        const g = dy[((n * info.outHeight + oy) * info.outWidth + ox) * co + ch * mult + m]!;
        const xi = ((n * h + y) * w + xx) * ci + ch, fi = ((i * kw + j) * ci + ch) * mult + m;
        dW[fi]! += x[xi]! * g;
        dX[xi]! += filter[fi]! * g;
      }
    }
  return { filter: { shape: [kh, kw, ci, mult], data: dW }, input: { shape: c.x, data: dX } };
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerMissingKernels(tf, 'wasm');
  await tf.setBackend('cpu');
});

describe('composed wasm kernels equal cpu', () => {
  test('the definition-based reference equals cpu without dilation', () => {
    const r = rng(5);
    const c: ConvCase = { x: [2, 7, 6, 3], k: [3, 2], stride: [2, 1], dilation: [1, 1], pad: 'same', co: 0 };
    const dyShape = outShape(c, 6), fShape = [3, 2, 3, 2];
    const x = values(r, size(c.x)), dy = values(r, size(dyShape)), filter = values(r, size(fShape));
    const naive = naiveDepthwiseGrads(c, 2, x, dy, filter);
    const common = { strides: c.stride, dilations: c.dilation, pad: c.pad };
    expectClose(naive.filter, runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', { x: { shape: c.x, data: x }, dy: { shape: dyShape, data: dy } }, { ...common, filterShape: fShape }));
    expectClose(naive.input, runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy: { shape: dyShape, data: dy }, filter: { shape: fShape, data: filter } }, { ...common, inputShape: c.x }));
  });

  test.each(Array.from({ length: CASES }, (_, i) => i))('Conv2DBackpropFilter case %i', (i) => {
    const r = rng(1000 + i);
    const c = convCase(r, false);
    const dyShape = outShape(c, c.co);
    const inputs = { x: { shape: c.x, data: values(r, size(c.x)) }, dy: { shape: dyShape, data: values(r, size(dyShape)) } };
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...c.k, c.x[3], c.co] };
    expectClose(runOn('wasm', 'Conv2DBackpropFilter', inputs, attrs), runOn('cpu', 'Conv2DBackpropFilter', inputs, attrs));
  });

  test.each(Array.from({ length: CASES }, (_, i) => i))('Conv2DBackpropInput case %i', (i) => {
    const r = rng(6000 + i);
    const c = convCase(r, false);
    const dyShape = outShape(c, c.co);
    const fShape = [...c.k, c.x[3]!, c.co];
    const inputs = { dy: { shape: dyShape, data: values(r, size(dyShape)) }, filter: { shape: fShape, data: values(r, size(fShape)) } };
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: c.x };
    expectClose(runOn('wasm', 'Conv2DBackpropInput', inputs, attrs), runOn('cpu', 'Conv2DBackpropInput', inputs, attrs));
  });

  test.each(Array.from({ length: CASES }, (_, i) => i))('DepthwiseConv2dNativeBackpropFilter case %i', (i) => {
    const r = rng(2000 + i);
    const c = convCase(r, true);
    const mult = int(r, 1, 3);
    const dyShape = outShape(c, c.x[3]! * mult);
    const inputs = { x: { shape: c.x, data: values(r, size(c.x)) }, dy: { shape: dyShape, data: values(r, size(dyShape)) } };
    const attrs = { strides: c.stride, dilations: c.dilation, pad: c.pad, dimRoundingMode: undefined, filterShape: [...c.k, c.x[3], mult] };
    const reference = c.dilation.some((d) => d > 1)
      ? naiveDepthwiseGrads(c, mult, inputs.x.data, inputs.dy.data, new Float32Array(size([...c.k, c.x[3]!, mult]))).filter
      : runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
    expectClose(runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs), reference);
  });

  test.each(Array.from({ length: CASES }, (_, i) => i))('DepthwiseConv2dNativeBackpropInput case %i', (i) => {
    const r = rng(3000 + i);
    const c = convCase(r, true);
    const mult = int(r, 1, 3);
    const dyShape = outShape(c, c.x[3]! * mult);
    const fShape = [...c.k, c.x[3]!, mult];
    const inputs = { dy: { shape: dyShape, data: values(r, size(dyShape)) }, filter: { shape: fShape, data: values(r, size(fShape)) } };
    const attrs = { strides: c.stride, dilations: c.dilation, pad: c.pad, dimRoundingMode: undefined, inputShape: c.x };
    const reference = c.dilation.some((d) => d > 1)
      ? naiveDepthwiseGrads(c, mult, new Float32Array(size(c.x)), inputs.dy.data, inputs.filter.data).input
      : runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);
    expectClose(runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs), reference);
  });

  test.each(Array.from({ length: CASES }, (_, i) => i))('MaxPoolGrad case %i', (i) => {
    const r = rng(7000 + i);
    const c = convCase(r, false);
    const x = values(r, size(c.x));
    const attrs = { filterSize: c.k, strides: c.stride, pad: c.pad, dimRoundingMode: undefined };
    // The pooled output comes from the cpu backend's forward pass (both backends agree on it).
    const y = runOn('cpu', 'MaxPool', { x: { shape: c.x, data: x } }, attrs);
    const inputs = { dy: { shape: y.shape, data: values(r, size(y.shape)) }, input: { shape: c.x, data: x }, output: { shape: y.shape, data: y.data } };
    expectClose(runOn('wasm', 'MaxPoolGrad', inputs, attrs), runOn('cpu', 'MaxPoolGrad', inputs, attrs));
  });

  test.each(Array.from({ length: 10 }, (_, i) => i))('UnsortedSegmentSum case %i', (i) => {
    const r = rng(4000 + i);
    const segments = int(r, 1, 9);
    const ids = [int(r, 1, 12)]; // TF.js segment ids are 1-D: they index the first axis
    const rest = Array.from({ length: int(r, 0, 2) }, () => int(r, 1, 4));
    const xShape = [...ids, ...rest];
    const inputs = {
      x: { shape: xShape, data: values(r, size(xShape)) },
      segmentIds: { shape: ids, data: Int32Array.from({ length: size(ids) }, () => int(r, 0, segments - 1)), dtype: 'int32' as const },
    };
    expectClose(runOn('wasm', 'UnsortedSegmentSum', inputs, { numSegments: segments }), runOn('cpu', 'UnsortedSegmentSum', inputs, { numSegments: segments }));
  });
});
