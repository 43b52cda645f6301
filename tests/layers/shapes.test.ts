// Hand-computed output shapes, parameter counts and MACs for every layer kind,
// and the shape errors with their codes and messages.
import { describe, expect, test } from 'vitest';
import { kindOf, macs, params, resolve, shape, shapeErr } from './helpers.js';

describe('dense', () => {
  test('on a flat input', () => {
    expect(shape('dense', [[3136]], { units: 10 })).toEqual([10]);
    expect(params('dense', [[3136]], { units: 10 })).toEqual({ total: 31_370, trainable: 31_370, nonTrainable: 0 });
    expect(params('dense', [[3136]], { units: 10, bias: false }).total).toBe(31_360);
    expect(macs('dense', [[3136]], { units: 10 })).toBe(31_360);
  });
  test('on a sequence applies to the last axis', () => {
    expect(shape('dense', [[7, 8]], { units: 5 })).toEqual([7, 5]);
    expect(params('dense', [[7, 8]], { units: 5 }).total).toBe(45);
    expect(macs('dense', [[7, 8]], { units: 5 })).toBe(280);
  });
  test('on a 3-D input is a rank error that names the fix', () => {
    const e = shapeErr('dense', [[32, 32, 64]], { units: 10 });
    expect(e.code).toBe('NN0401');
    expect(e.message).toBe('dense(10) after a 3-D input (32x32x64): dense needs a 1-D input (or 2-D for sequences); add flatten or gap');
  });
});

describe('conv', () => {
  test('conv(64) on 64x64x3', () => {
    expect(shape('conv', [[64, 64, 3]], { filters: 64 })).toEqual([62, 62, 64]);
    expect(params('conv', [[64, 64, 3]], { filters: 64 }).total).toBe(1_792);
    expect(macs('conv', [[64, 64, 3]], { filters: 64 })).toBe(62 * 62 * 64 * 27);
    expect(kindOf('conv').keras([64, 64, 3], resolve('conv', { filters: 64 }))).toBe('Conv2D');
  });
  test('same padding with stride 2, and odd sizes', () => {
    expect(shape('conv', [[64, 64, 3]], { filters: 8, padding: 'same', stride: 2 })).toEqual([32, 32, 8]);
    expect(shape('conv', [[7, 7, 3]], { filters: 8, padding: 'same', stride: 2 })).toEqual([4, 4, 8]);
    expect(shape('conv', [[7, 7, 3]], { filters: 8, stride: 2 })).toEqual([3, 3, 8]);
  });
  test('tuples and dilation', () => {
    expect(shape('conv', [[10, 10, 1]], { filters: 4, kernel: [3, 5], stride: [1, 2] })).toEqual([8, 3, 4]);
    expect(params('conv', [[10, 10, 1]], { filters: 4, kernel: [3, 5] }).total).toBe(64);
    expect(shape('conv', [[10, 10, 3]], { filters: 8, dilation: 2 })).toEqual([6, 6, 8]);
    expect(params('conv', [[10, 10, 3]], { filters: 8, dilation: 2 }).total).toBe(224);
  });
  test('1D and 3D from the input rank', () => {
    expect(shape('conv', [[100, 4]], { filters: 16, kernel: 5 })).toEqual([96, 16]);
    expect(params('conv', [[100, 4]], { filters: 16, kernel: 5 }).total).toBe(336);
    expect(kindOf('conv').keras([100, 4], resolve('conv', { filters: 16 }))).toBe('Conv1D');
    expect(shape('conv', [[10, 10, 10, 2]], { filters: 8 })).toEqual([8, 8, 8, 8]);
    expect(params('conv', [[10, 10, 10, 2]], { filters: 8 }).total).toBe(440);
    expect(kindOf('conv').keras([10, 10, 10, 2], resolve('conv', { filters: 8 }))).toBe('Conv3D');
  });
  test('errors', () => {
    const big = shapeErr('conv', [[3, 3, 16]], { filters: 64, kernel: 5 });
    expect(big.code).toBe('NN0402');
    expect(big.message).toContain('kernel 5 is larger than');
    expect(big.message).toContain('3x3x16');
    expect(shapeErr('conv', [[9, 9, 2]], { filters: 4, stride: 2, dilation: 2 })).toMatchObject({ code: 'NN0406', attr: 'dilation' });
    expect(shapeErr('conv', [[9, 9, 2]], { filters: 4, kernel: [3, 3, 3] })).toMatchObject({ code: 'NN0210', attr: 'kernel' });
    expect(shapeErr('conv', [[9, 9, 2]], { filters: 4, stride: [1, 2, 2] })).toMatchObject({ code: 'NN0210', attr: 'stride' });
    expect(shapeErr('conv', [[256]], { filters: 4 }).code).toBe('NN0401');
    expect(shapeErr('conv', [[2, 2, 2, 2, 2]], { filters: 4 }).code).toBe('NN0401');
  });
});

describe('depthwise, separable and transposed convolutions', () => {
  test('dwconv', () => {
    expect(shape('dwconv', [[32, 32, 16]])).toEqual([30, 30, 16]);
    expect(params('dwconv', [[32, 32, 16]]).total).toBe(160);
    expect(shape('dwconv', [[32, 32, 16]], { multiplier: 2, stride: 2, padding: 'same' })).toEqual([16, 16, 32]);
    expect(params('dwconv', [[32, 32, 16]], { multiplier: 2 }).total).toBe(320);
    expect(macs('dwconv', [[32, 32, 16]])).toBe(30 * 30 * 16 * 9);
    expect(shapeErr('dwconv', [[32, 16]]).code).toBe('NN0401');
  });
  test('sepconv', () => {
    expect(shape('sepconv', [[32, 32, 16]], { filters: 32 })).toEqual([30, 30, 32]);
    expect(params('sepconv', [[32, 32, 16]], { filters: 32 }).total).toBe(144 + 512 + 32);
    expect(params('sepconv', [[32, 32, 16]], { filters: 32, multiplier: 2 }).total).toBe(288 + 1024 + 32);
    expect(params('sepconv', [[32, 32, 16]], { filters: 32, bias: false }).total).toBe(656);
    expect(shape('sepconv', [[32, 32, 16]], { filters: 32, dilation: 2 })).toEqual([28, 28, 32]);
    expect(macs('sepconv', [[32, 32, 16]], { filters: 32 })).toBe(30 * 30 * (16 * 9 + 16 * 32));
  });
  test('deconv', () => {
    expect(shape('deconv', [[8, 8, 32]], { filters: 16, stride: 2, padding: 'same' })).toEqual([16, 16, 16]);
    expect(params('deconv', [[8, 8, 32]], { filters: 16, stride: 2 }).total).toBe(4_624);
    expect(shape('deconv', [[8, 8, 32]], { filters: 16, stride: 2 })).toEqual([17, 17, 16]);
    expect(shape('deconv', [[5, 5, 3]], { filters: 8, kernel: 4, stride: 2 })).toEqual([12, 12, 8]);
    expect(shape('deconv', [[5, 5, 3]], { filters: 8, kernel: 1, stride: 3 })).toEqual([15, 15, 8]);
    expect(macs('deconv', [[8, 8, 32]], { filters: 16, stride: 2 })).toBe(8 * 8 * 32 * 9 * 16);
  });
});

describe('pooling', () => {
  test('stride defaults to size; valid floors, same ceils', () => {
    expect(shape('maxpool', [[32, 32, 16]])).toEqual([16, 16, 16]);
    expect(shape('maxpool', [[7, 7, 3]])).toEqual([3, 3, 3]);
    expect(shape('avgpool', [[7, 7, 3]], { padding: 'same' })).toEqual([4, 4, 3]);
    expect(shape('maxpool', [[32, 32, 16]], { size: 3, stride: 2 })).toEqual([15, 15, 16]);
    expect(shape('maxpool', [[32, 32, 16]], { size: 3, stride: 2, padding: 'same' })).toEqual([16, 16, 16]);
    expect(shape('maxpool', [[10, 4]])).toEqual([5, 4]);
    expect(shape('avgpool', [[6, 6, 6, 2]], { size: [2, 3, 1] })).toEqual([3, 2, 6, 2]);
    expect(params('maxpool', [[32, 32, 16]]).total).toBe(0);
    expect(kindOf('avgpool').keras([10, 4], resolve('avgpool'))).toBe('AveragePooling1D');
    expect(kindOf('maxpool').keras([6, 6, 6, 2], resolve('maxpool'))).toBe('MaxPooling3D');
  });
  test('errors', () => {
    expect(shapeErr('maxpool', [[1, 1, 8]]).code).toBe('NN0402');
    expect(shapeErr('maxpool', [[8, 8, 8]], { size: [2, 2, 2] })).toMatchObject({ code: 'NN0210', attr: 'size' });
    expect(shapeErr('avgpool', [[64]]).code).toBe('NN0401');
  });
  test('global pooling', () => {
    expect(shape('gap', [[8, 8, 64]])).toEqual([64]);
    expect(shape('gmp', [[10, 4]])).toEqual([4]);
    expect(kindOf('gap').keras([10, 4], {})).toBe('GlobalAveragePooling1D');
    expect(kindOf('gmp').keras([8, 8, 64], {})).toBe('GlobalMaxPooling2D');
    expect(shapeErr('gap', [[64]]).code).toBe('NN0401');
    expect(kindOf('gap').tfjsUnsupported?.([4, 4, 4, 2], {})).toContain('GlobalAveragePooling3D');
    expect(kindOf('gap').tfjsUnsupported?.([4, 4, 2], {})).toBeUndefined();
  });
});

describe('reshaping layers', () => {
  test('flatten and reshape', () => {
    expect(shape('flatten', [[7, 7, 64]])).toEqual([3136]);
    expect(shape('reshape', [[8, 8]], { dims: [-1, 4] })).toEqual([16, 4]);
    expect(shape('reshape', [[12]], { dims: [3, 2, 2] })).toEqual([3, 2, 2]);
    expect(shapeErr('reshape', [[16]], { dims: [3, 5] }).code).toBe('NN0405');
    expect(shapeErr('reshape', [[16]], { dims: [-1, 5] }).code).toBe('NN0405');
    expect(shapeErr('reshape', [[16]], { dims: [-1, -1] }).code).toBe('NN0406');
    expect(shapeErr('reshape', [[16]], { dims: [0, 16] }).code).toBe('NN0207');
  });
  test('zeropad forms', () => {
    expect(shape('zeropad', [[28, 28, 1]])).toEqual([30, 30, 1]);
    expect(shape('zeropad', [[28, 28, 1]], { padding: 2 })).toEqual([32, 32, 1]);
    expect(shape('zeropad', [[28, 28, 1]], { padding: [1, 2] })).toEqual([30, 32, 1]);
    expect(shape('zeropad', [[28, 28, 1]], { padding: [[1, 0], [2, 3]] })).toEqual([29, 33, 1]);
    expect(shapeErr('zeropad', [[28, 28, 1]], { padding: [1, 2, 3] })).toMatchObject({ code: 'NN0210', attr: 'padding' });
    expect(shapeErr('zeropad', [[28, 1]]).code).toBe('NN0401');
  });
  test('upsample, dropout, identity', () => {
    expect(shape('upsample', [[8, 8, 3]])).toEqual([16, 16, 3]);
    expect(shape('upsample', [[8, 8, 3]], { size: [2, 3] })).toEqual([16, 24, 3]);
    expect(shape('dropout', [[8, 8, 3]], { rate: 0.5 })).toEqual([8, 8, 3]);
    expect(shape('identity', [[8, 8, 3]])).toEqual([8, 8, 3]);
    expect(params('identity', [[8, 8, 3]]).total).toBe(0);
  });
});

describe('normalization and activations', () => {
  test('bn: 4·C parameters, 2·C non-trainable', () => {
    expect(params('bn', [[8, 8, 64]])).toEqual({ total: 256, trainable: 128, nonTrainable: 128 });
    expect(params('bn', [[10]], { scale: false })).toEqual({ total: 30, trainable: 10, nonTrainable: 20 });
    expect(params('bn', [[10]], { scale: false, center: false })).toEqual({ total: 20, trainable: 0, nonTrainable: 20 });
    expect(kindOf('bn').weights([[4]], resolve('bn')).map((w) => w.name)).toEqual(['gamma', 'beta', 'moving_mean', 'moving_variance']);
  });
  test('ln', () => {
    expect(params('ln', [[10, 32]])).toEqual({ total: 64, trainable: 64, nonTrainable: 0 });
    expect(shape('ln', [[10, 32]])).toEqual([10, 32]);
  });
  test('activations keep the shape and have no weights', () => {
    for (const name of ['relu', 'softmax', 'gelu', 'leaky_relu']) {
      expect(shape(name, [[4, 5]])).toEqual([4, 5]);
      expect(params(name, [[4, 5]]).total).toBe(0);
    }
    expect(kindOf('relu').keras([4], {})).toBe('Activation');
    expect(kindOf('leaky_relu').keras([4], {})).toBe('LeakyReLU');
  });
});

describe('embedding and recurrent layers', () => {
  test('embedding adds a last axis', () => {
    expect(shape('embedding', [[20]], { vocab: 1000, dim: 64 })).toEqual([20, 64]);
    expect(params('embedding', [[20]], { vocab: 1000, dim: 64 }).total).toBe(64_000);
  });
  test('lstm(32) on 10x8', () => {
    expect(shape('lstm', [[10, 8]], { units: 32 })).toEqual([32]);
    expect(shape('lstm', [[10, 8]], { units: 32, sequences: true })).toEqual([10, 32]);
    expect(params('lstm', [[10, 8]], { units: 32 }).total).toBe(5_248);
    expect(macs('lstm', [[10, 8]], { units: 32 })).toBe(10 * 40 * 4 * 32);
  });
  test('gru(32) on 10x8, reset_after both ways', () => {
    expect(params('gru', [[10, 8]], { units: 32 }).total).toBe(4_032);
    expect(kindOf('gru').weights([[10, 8]], resolve('gru', { units: 32 })).at(-1)).toEqual({ name: 'bias', shape: [2, 96], trainable: true });
    expect(params('gru', [[10, 8]], { units: 32, reset_after: false }).total).toBe(3_936);
    expect(kindOf('gru').tfjsUnsupported?.([10, 8], resolve('gru', { units: 32 }))).toContain('reset_after = false');
  });
  test('rnn', () => {
    expect(shape('rnn', [[10, 8]], { units: 16, sequences: true })).toEqual([10, 16]);
    expect(params('rnn', [[10, 8]], { units: 16 }).total).toBe(400);
    expect(params('rnn', [[10, 8]], { units: 16, bias: false }).total).toBe(384);
    expect(kindOf('rnn').keras([10, 8], {})).toBe('SimpleRNN');
  });
  test('recurrent layers need (timesteps, features)', () => {
    const e = shapeErr('lstm', [[8, 8, 3]], { units: 4 });
    expect(e.code).toBe('NN0401');
    expect(e.message).toContain('lstm(4) after a 3-D input (8x8x3)');
    expect(shapeErr('gru', [[8]], { units: 4 }).code).toBe('NN0401');
  });
});

describe('input and merges', () => {
  test('input', () => {
    expect(kindOf('input').inferShape([], resolve('input', { shape: [64, 64, 3] }))).toEqual({ shape: [64, 64, 3] });
    expect(resolve('input', { shape: [4] })['dtype']).toBe('float32');
  });
  test('add', () => {
    expect(shape('add', [[8, 8, 16], [8, 8, 16]])).toEqual([8, 8, 16]);
    const e = shapeErr('add', [[8, 8, 16], [8, 8, 32]]);
    expect(e.code).toBe('NN0404');
    expect(e.message).toContain('8x8x16, 8x8x32');
  });
  test('concat', () => {
    expect(shape('concat', [[8, 8, 16], [8, 8, 32]])).toEqual([8, 8, 48]);
    expect(shape('concat', [[4, 8], [6, 8]], { axis: 1 })).toEqual([10, 8]);
    expect(shape('concat', [[4, 8], [6, 8]], { axis: -2 })).toEqual([10, 8]);
    expect(shapeErr('concat', [[4, 8], [4, 9]], { axis: 1 }).code).toBe('NN0404');
    expect(shapeErr('concat', [[4, 8], [4, 8, 1]]).code).toBe('NN0404');
    expect(shapeErr('concat', [[4, 8], [4, 8]], { axis: 0 })).toMatchObject({ code: 'NN0207', attr: 'axis' });
    expect(shapeErr('concat', [[4, 8], [4, 8]], { axis: 3 }).code).toBe('NN0207');
    expect(shapeErr('concat', [[4, 8], [4, 8]], { axis: -3 }).code).toBe('NN0207');
  });
});
