// Static totals from the IR against the counts measured with TF.js (specs/expected-counts.json),
// the counts Keras publishes, and MACs computed by hand.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { compare } from '../../src/analysis/compare.js';
import { groupRows } from '../../src/analysis/groups.js';
import { optimizerSlots, summarize, type Summary } from '../../src/analysis/summary.js';
import type { IrModel } from '../../src/ir/types.js';
import { validateIr } from '../../src/ir/validate.js';
import { model } from '../helpers.js';

const expected = JSON.parse(fs.readFileSync('specs/expected-counts.json', 'utf8')) as Record<string, { params: number; trainable: number; nonTrainable: number; output: number[] }>;

const cache = new Map<string, IrModel[]>();
function modelsOf(file: string): IrModel[] {
  if (!cache.has(file)) {
    const r = compile(path.join('specs', file));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validateIr(JSON.parse(JSON.stringify(r.ir))).problems).toEqual([]);
    cache.set(file, r.ir!.models);
  }
  return cache.get(file)!;
}
const summaryOf = (key: string): Summary => {
  const [file, name] = key.split('#') as [string, string];
  return summarize(modelsOf(file).find((m) => m.name === name)!);
};

describe('every spec in specs/ against expected-counts.json', () => {
  const specFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? specFiles(path.join(dir, e.name)) : e.name.endsWith('.nn') ? [path.join(dir, e.name)] : []);
  test('every model of every spec has an expected count', () => {
    const keys = specFiles('specs').flatMap((f) => modelsOf(path.relative('specs', f)).map((m) => `${path.relative('specs', f)}#${m.name}`));
    expect(keys.sort()).toEqual(Object.keys(expected).sort());
  });
  test.each(Object.keys(expected))('%s', (key) => {
    const s = summaryOf(key);
    const e = expected[key]!;
    expect({ params: s.totals.params, trainable: s.totals.trainable, nonTrainable: s.totals.nonTrainable, output: s.output })
      .toEqual({ params: e.params, trainable: e.trainable, nonTrainable: e.nonTrainable, output: e.output });
  });
});

describe('published counts', () => {
  test.each([
    ['classic/vgg16.nn#vgg16', 138_357_544, 0],
    ['classic/resnet50.nn#resnet50', 25_636_712, 53_120],
    ['classic/mobilenet.nn#mobilenet', 4_253_864, 21_888],
    ['classic/mnist_convnet.nn#mnist_convnet', 34_826, 0],
    ['classic/lenet5.nn#lenet5', 61_706, 0],
  ])('%s: %i params, %i non-trainable', (key, params, nonTrainable) => {
    const t = summaryOf(key).totals;
    expect([t.params, t.nonTrainable]).toEqual([params, nonTrainable]);
  });
});

describe('MACs', () => {
  test('VGG16 at 224x224: 15,470,264,320 MACs (≈ 15.47 G), FLOPs twice that', () => {
    const t = summaryOf('classic/vgg16.nn#vgg16').totals;
    expect(t.macs).toBe(15_470_264_320);
    expect(t.flops).toBe(2 * 15_470_264_320);
  });
  test('LeNet-5 by hand: 28·28·6·25 + 10·10·16·25·6 + 400·120 + 120·84 + 84·10', () => {
    expect(summaryOf('classic/lenet5.nn#lenet5').totals.macs).toBe(117_600 + 240_000 + 48_000 + 10_080 + 840);
  });
  test('mnist_convnet by hand: 26·26·32·9 + 11·11·64·9·32 + 1600·10', () => {
    expect(summaryOf('classic/mnist_convnet.nn#mnist_convnet').totals.macs).toBe(194_688 + 2_230_272 + 16_000);
  });
  test('small cases: dense, conv, dwconv, sepconv, deconv, lstm; bias adds, pooling and bn count 0', () => {
    const m = model(`model m {
      input(8, 8, 3)
      conv(4, 3) + bn + relu      # 6x6x4: 6·6·4·(3·3·3) = 3,888
      dwconv(3, padding = same)   # 6·6·4·9 = 1,296
      sepconv(5, 3)               # 4·4 · 4 · (9 + 5) = 896
      deconv(2, 2, stride = 2)    # input 4·4·5 · 2·2 · 2 = 640
      maxpool(2)
      flatten                     # 4·4·2 = 32
      dense(10)                   # 320
    }`);
    const s = summarize(m);
    const macs = Object.fromEntries(s.layers.filter((r) => r.macs).map((r) => [r.kind, r.macs]));
    expect(macs).toEqual({ conv: 3888, dwconv: 1296, sepconv: 896, deconv: 640, dense: 320 });
    expect(s.totals.macs).toBe(3888 + 1296 + 896 + 640 + 320);
    const seq = summarize(model(`model r {\n input(7, 5)\n lstm(6)\n}`));
    expect(seq.totals.macs).toBe(7 * (5 + 6) * 4 * 6);
  });
});

describe('memory', () => {
  test('weights MB, activations, and training memory by optimizer', () => {
    const m = model(`model m {
      input(10)
      dense(4) + relu
      dense(2)
      train { optimizer: adam; loss: mse }
    }`);
    const s = summarize(m, { batch: 8 });
    // dense(4): 44, dense(2): 10
    expect(s.totals.params).toBe(54);
    expect(s.totals.weightsMB).toBeCloseTo((54 * 4) / 2 ** 20, 12);
    const acts = s.layers.reduce((a, r) => a + r.activations, 0);
    expect(s.totals.activations).toBe(acts);
    expect(s.training).toMatchObject({ batch: 8, slots: 2, weights: 216, gradients: 216, optimizerState: 432, activations: acts * 8 * 4 });
    expect(s.training!.total).toBe(216 + 216 + 432 + acts * 32);
  });
  test('optimizer slots', () => {
    const slots = (name: string, extra = {}) => optimizerSlots({ name, ...extra } as IrModel['train']['optimizer']);
    expect([slots('adam'), slots('rmsprop'), slots('sgd'), slots('sgd', { momentum: 0.9 }), slots('adagrad'), slots('adamax'), slots('adadelta')])
      .toEqual([2, 1, 0, 1, 1, 2, 2]);
  });
});

describe('groups and comparison', () => {
  test('ResNet-50 groups into a stem, four stages and a head', () => {
    const top = groupRows(summaryOf('classic/resnet50.nn#resnet50').layers);
    const groups = top.filter((e) => e.kind === 'group');
    expect(groups.map((g) => g.kind === 'group' && g.name)).toEqual(['stage_1', 'stage_2', 'stage_3', 'stage_4']);
    expect(top.length).toBeLessThan(20);
    const sum = groups.reduce((a, g) => a + (g.kind === 'group' ? g.params : 0), 0);
    expect(sum).toBe(220_032 + 1_230_336 + 7_129_088 + 14_998_528);
  });
  test('hw4 part 2: by family, ratios, largest layers', () => {
    const c = compare(modelsOf('hw4/part2.nn').map((m) => summarize(m)));
    expect(c.map((x) => x.label)).toEqual(['cnn', 'cnn_half', 'fc8']);
    expect(c[0]!.byFamily).toEqual({ conv: 1_108_480, dense: 657_156, normalization: 5_376, recurrent: 0, embedding: 0 });
    expect(c[2]!.byFamily.dense).toBe(7_869_956);
    expect(c[2]!.ratio.params).toBeCloseTo(7_869_956 / 1_771_012, 12);
    // fc8's first dense layer sees all 64·64·3 = 12,288 inputs: 12,288·512 + 512.
    expect(c[2]!.largest).toMatchObject({ name: 'dense', params: 6_291_968 });
    expect(c[0]!.largest).toMatchObject({ kind: 'conv', params: 590_080 });
  });
});
