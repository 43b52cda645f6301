// Native convolutions against the reference cpu backend: conv2d (plain and fused with bias and
// each activation), conv1d, depthwise and separable, forward and gradients, on random shapes,
// strides, dilations and paddings.
import { beforeAll, describe, it } from 'vitest';
import { type Core, grads, hasNative, input, int, randomPad, rng, same, setup } from './helpers.js';

let c: Core;
beforeAll(async () => {
  c = await setup();
});

describe.skipIf(!hasNative)('native conv2d', () => {
  it('forward matches cpu on random shapes, strides, dilations and paddings', () => {
    const r = rng(11);
    for (let i = 0; i < 40; i++) {
      const kh = int(r, 1, 4), kw = int(r, 1, 4), dil = r() < 0.3 ? int(r, 2, 3) : 1;
      const stride = dil > 1 ? 1 : int(r, 1, 3);
      const h = int(r, kh * dil, 14), w = int(r, kw * dil, 14);
      const x = input(r, [int(r, 1, 3), h, w, int(r, 1, 9)]);
      const f = input(r, [kh, kw, x.shape[3]!, int(r, 1, 40)]);
      const pad = dil > 1 ? (r() < 0.5 ? 'same' : 'valid') : randomPad(r, kh, kw);
      same(c, `conv2d ${JSON.stringify({ x: x.shape, f: f.shape, stride, dil, pad })}`, (a, b) => c.conv2d(a as any, b as any, stride, pad, 'NHWC', dil), [x, f]);
    }
  });

  it('fused with bias and every activation matches cpu', () => {
    const r = rng(12);
    for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu'] as const) {
      const x = input(r, [2, int(r, 3, 12), int(r, 3, 12), int(r, 1, 6)]);
      const co = int(r, 1, 20);
      const f = input(r, [3, 3, x.shape[3]!, co]), b = input(r, [co]), alpha = input(r, [co]);
      const strides = int(r, 1, 2);
      same(c, `fused ${activation}`, (a, k, bias, p) =>
        c.fused.conv2d({ x: a as any, filter: k as any, strides, pad: 'same', bias, activation, preluActivationWeights: p, leakyreluAlpha: 0.3 }), [x, f, b, alpha]);
    }
  });

  it('gradients (backprop input and filter) match cpu', () => {
    const r = rng(13);
    for (let i = 0; i < 30; i++) {
      const kh = int(r, 1, 4), kw = int(r, 1, 4), stride = int(r, 1, 3);
      const x = input(r, [int(r, 1, 3), int(r, kh, 13), int(r, kw, 13), int(r, 1, 8)]);
      const f = input(r, [kh, kw, x.shape[3]!, int(r, 1, 24)]);
      const pad = randomPad(r, kh, kw);
      const fused = r() < 0.5;
      const fn = (a: any, b: any) => (fused ? c.fused.conv2d({ x: a, filter: b, strides: stride, pad, activation: 'relu' }) : c.conv2d(a, b, stride, pad));
      same(c, `conv2d grads ${JSON.stringify({ x: x.shape, f: f.shape, stride, pad, fused })}`, grads(c, fn, i), [x, f]);
    }
  });

  it('conv1d forward and gradients match cpu', () => {
    const r = rng(14);
    for (let i = 0; i < 12; i++) {
      const k = int(r, 1, 5), stride = int(r, 1, 2), dil = stride === 1 && r() < 0.3 ? 2 : 1;
      const x = input(r, [int(r, 1, 3), int(r, k * dil, 20), int(r, 1, 6)]);
      const f = input(r, [k, x.shape[2]!, int(r, 1, 12)]);
      const pad = r() < 0.5 ? 'same' : 'valid';
      same(c, 'conv1d', (a, b) => c.conv1d(a as any, b as any, stride, pad, 'NWC', dil), [x, f]);
      if (dil === 1) same(c, 'conv1d grads', grads(c, (a: any, b: any) => c.conv1d(a, b, stride, pad), i), [x, f]);
    }
  });
});

describe.skipIf(!hasNative)('native depthwise and separable conv', () => {
  it('depthwise forward and gradients match cpu', () => {
    const r = rng(21);
    for (let i = 0; i < 30; i++) {
      const kh = int(r, 1, 4), kw = int(r, 1, 4), dil = r() < 0.3 ? 2 : 1;
      const stride = dil > 1 ? 1 : int(r, 1, 2);
      const x = input(r, [int(r, 1, 3), int(r, kh * dil, 12), int(r, kw * dil, 12), int(r, 1, 8)]);
      const f = input(r, [kh, kw, x.shape[3]!, int(r, 1, 3)]);
      const pad = r() < 0.5 ? 'same' : 'valid';
      const what = JSON.stringify({ x: x.shape, f: f.shape, stride, dil, pad });
      same(c, `depthwise ${what}`, (a, b) => c.depthwiseConv2d(a as any, b as any, stride, pad, 'NHWC', dil), [x, f]);
      if (dil === 1) same(c, `depthwise grads ${what}`, grads(c, (a: any, b: any) => c.depthwiseConv2d(a, b, stride, pad), i), [x, f]);
    }
  });

  it('fused depthwise with bias and activation matches cpu', () => {
    const r = rng(22);
    const x = input(r, [2, 9, 7, 5]), f = input(r, [3, 3, 5, 2]), b = input(r, [10]);
    same(c, 'fused depthwise', (a, k, bias) => c.fused.depthwiseConv2d({ x: a as any, filter: k as any, strides: 1, pad: 'same', bias, activation: 'relu' }), [x, f, b]);
  });

  it('separable conv forward and gradients match cpu', () => {
    const r = rng(23);
    for (let i = 0; i < 10; i++) {
      const x = input(r, [int(r, 1, 2), int(r, 3, 11), int(r, 3, 11), int(r, 1, 6)]);
      const mult = int(r, 1, 2);
      const d = input(r, [3, 3, x.shape[3]!, mult]), p = input(r, [1, 1, x.shape[3]! * mult, int(r, 1, 10)]);
      const stride = int(r, 1, 2), pad = r() < 0.5 ? 'same' : 'valid';
      const fn = (a: any, dw: any, pw: any) => c.separableConv2d(a, dw, pw, stride, pad);
      same(c, 'separable', fn, [x, d, p]);
      same(c, 'separable grads', grads(c, fn, i), [x, d, p]);
    }
  });
});
