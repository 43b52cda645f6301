// Each doctor check on a constructed run record: it fires with the measured numbers when the run
// has the problem, and stays silent on a healthy run.
import { describe, expect, test } from 'vitest';
import { diagnose, formatFindings } from '../../src/runtime/doctor/index.js';
import type { EpochProbe, LayerProbe } from '../../src/runtime/doctor/types.js';
import type { EpochRecord, RunRecord } from '../../src/runtime/record.js';
import type { IrNode } from '../../src/ir/types.js';

const node = (name: string, kind: string, attrs: Record<string, unknown> = {}): IrNode =>
  ({ id: name, name, kind, attrs, inputs: [], outputShape: [] } as unknown as IrNode);

function run(over: Partial<RunRecord> & { nodes?: IrNode[]; trainSamples?: number; batch?: number; lr?: number } = {}): RunRecord {
  const { nodes = [node('dense', 'dense', { activation: 'relu' })], trainSamples = 3200, batch = 32, lr = 0.01, ...rest } = over;
  return {
    nnc: 'test', status: 'done', spec: { path: 'x.nn', sha256: '' }, model: 'm',
    ir: { name: 'm', nodes, input: { shape: [4], dtype: 'float32' }, output: nodes.at(-1)!.id } as unknown as RunRecord['ir'],
    backend: 'cpu', seed: 1,
    data: { spec: 'd', skipBad: false, classes: ['a', 'b', 'c', 'd'], sampleShape: [4], train: trainSamples, validation: 0, test: 100, split: '', skipped: 0 },
    train: { optimizer: { name: 'adam', lr }, loss: 'categorical_crossentropy', metrics: ['accuracy'], batch, epochs: 3, validation: 0, shuffle: true, seed: 1 } as unknown as RunRecord['train'],
    epochs: healthyEpochs(), test: { loss: 0.3, dataLoss: 0.3, penalty: 0, accuracy: 0.9 }, started: '', probes: [probe([])],
    ...rest,
  };
}

function healthyEpochs(): EpochRecord[] {
  return [1.0, 0.6, 0.4].map((loss, i) => ({ epoch: i + 1, loss, dataLoss: loss, penalty: 0, accuracy: 0.6 + 0.1 * i, valLoss: loss + 0.05, valDataLoss: loss + 0.05, valAccuracy: 0.58 + 0.1 * i, seconds: 1, samplesPerSecond: 1 }));
}

const probe = (layers: LayerProbe[], extra: Partial<EpochProbe> = {}): EpochProbe => ({ epoch: 3, samples: 64, layers, spikes: 0, maxSpike: 0, ...extra });
const codes = (r: RunRecord) => diagnose(r).map((f) => f.code);
const only = (r: RunRecord, code: string) => {
  const found = diagnose(r).filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('doctor checks', () => {
  test('a healthy run has no findings', () => {
    expect(diagnose(run())).toEqual([]);
    expect(formatFindings([])).toBe('doctor: no findings\n');
  });

  test('NT0101: batch norm with momentum 0.99 after 200 steps keeps 0.99^200 = 13.4% of its initial statistics', () => {
    const nodes = [node('conv2d', 'conv'), node('batch_normalization', 'bn', { momentum: 0.99 }), node('batch_normalization_1', 'bn', { momentum: 0.99 })];
    // 800 samples, batch 32: 25 steps per epoch, 8 epochs.
    const r = run({ nodes, trainSamples: 800, epochs: Array.from({ length: 8 }, (_, i) => ({ ...healthyEpochs()[0]!, epoch: i + 1 })) });
    const f = only(r, 'NT0101');
    expect(f.severity).toBe('error');
    expect(f.layer).toBe('batch_normalization');
    expect(f.values).toEqual({ momentum: 0.99, steps: 200, fractionLeft: Number((0.99 ** 200).toPrecision(4)), stepsNeeded: 459, suggestedMomentum: 0.9 });
    expect(f.fix).toContain('bn(momentum = 0.9)');
    expect(f.fix).toContain('≥ 459 steps');
    // 459 steps (or momentum 0.9) are enough.
    const long = run({ nodes, trainSamples: 459 * 32, epochs: [healthyEpochs()[0]!] });
    expect(codes(long)).not.toContain('NT0101');
    const fast = run({ nodes: [node('batch_normalization', 'bn', { momentum: 0.9 })], trainSamples: 800, epochs: Array.from({ length: 2 }, (_, i) => ({ ...healthyEpochs()[0]!, epoch: i + 1 })) });
    expect(codes(fast)).not.toContain('NT0101');
    // Too few steps even for 0.9: the suggested momentum is computed (0.01^(1/10) = 0.63).
    const short = run({ nodes: [node('bn', 'bn', { momentum: 0.99 })], trainSamples: 320, epochs: [healthyEpochs()[0]!] });
    expect(only(short, 'NT0101').values).toMatchObject({ steps: 10, suggestedMomentum: 0.63 });
  });

  test('NT0111: measured moving statistics far from the batch statistics, first such layer', () => {
    const nodes = [node('batch_normalization', 'bn', { momentum: 0.99 }), node('batch_normalization_1', 'bn', { momentum: 0.9 })];
    const layers: LayerProbe[] = [{ layer: 'batch_normalization', bnShift: 0.2, bnVarRatio: 1.1 }, { layer: 'batch_normalization_1', bnShift: 0.3, bnVarRatio: 0.14 }];
    const f = only(run({ nodes, trainSamples: 459 * 32, epochs: [healthyEpochs()[0]!], probes: [probe(layers)] }), 'NT0111');
    expect([f.layer, f.values]).toEqual(['batch_normalization_1', { shift: 0.3, varianceRatio: 0.14, epoch: 3 }]);
    expect(f.fix).toContain('bn(momentum = 0.8)');
    const close: LayerProbe[] = [{ layer: 'batch_normalization', bnShift: 0.45, bnVarRatio: 1.9 }];
    expect(codes(run({ nodes, trainSamples: 459 * 32, epochs: [healthyEpochs()[0]!], probes: [probe(close)] }))).toEqual([]);
  });

  test('NT0102: test accuracy near chance while training accuracy is high', () => {
    const epochs = healthyEpochs();
    epochs[2]!.accuracy = 0.99;
    const f = only(run({ epochs, test: { loss: 1.4, dataLoss: 1.4, penalty: 0, accuracy: 0.25 } }), 'NT0102');
    expect(f.severity).toBe('error');
    expect(f.values).toEqual({ testAccuracy: 0.25, trainAccuracy: 0.99, chance: 0.25 });
    // 0.36 on 4 classes is more than 10 points above chance: silent.
    expect(codes(run({ epochs, test: { loss: 1, accuracy: 0.36 } }))).not.toContain('NT0102');
  });

  test('NT0103: overfitting, from a rising validation loss or a growing accuracy gap', () => {
    const epochs = [0.9, 0.5, 0.3, 0.2].map((loss, i) => ({ epoch: i + 1, loss, accuracy: 0.7 + 0.05 * i, valLoss: [0.8, 0.6, 0.7, 0.9][i]!, valAccuracy: 0.68, seconds: 1, samplesPerSecond: 1 }));
    const f = only(run({ epochs }), 'NT0103');
    expect(f.values).toEqual({ bestEpoch: 2, bestValLoss: 0.6, lastValLoss: 0.9, accuracyGap: 0.17, firstAccuracyGap: 0.02 });
    expect(f.fix).toContain('--epochs 2');
  });

  test('NT0104: more than half of the loss is the penalty', () => {
    const nodes = [node('conv2d', 'conv', { regularizer: { l1: 0, l2: 0.001 } })];
    const f = only(run({ nodes, test: { loss: 8.35, dataLoss: 1.39, penalty: 6.96, accuracy: 0.9 } }), 'NT0104');
    expect(f.values).toEqual({ loss: 8.35, penalty: 6.96, share: Number((6.96 / 8.35).toFixed(4)) });
    expect(f.fix).toBe('use a smaller penalty: l2(0.001) → l2(0.0001)');
    expect(codes(run({ nodes, test: { loss: 2, dataLoss: 1.2, penalty: 0.8, accuracy: 0.9 } }))).not.toContain('NT0104');
  });

  test('NT0105 and NT0106: saturated sigmoid units and dead ReLUs, per layer', () => {
    const layers: LayerProbe[] = [
      { layer: 'dense', activation: 'relu', units: 128, dead: 0.75 },
      { layer: 'dense_1', activation: 'sigmoid', units: 64, saturated: 0.9 },
      { layer: 'dense_2', activation: 'relu', units: 64, dead: 0.1 },
    ];
    const found = diagnose(run({ probes: [probe(layers)] }));
    expect(found.map((f) => [f.code, f.layer, f.values])).toEqual([
      ['NT0105', 'dense_1', { saturated: 0.9, units: 64, epoch: 3 }],
      ['NT0106', 'dense', { dead: 0.75, deadUnits: 96, units: 128, epoch: 3 }],
    ]);
  });

  test('NT0107 and NT0108: vanishing and exploding gradient norms', () => {
    const vanishing = [{ layer: 'dense', gradNorm: 2e-6 }, { layer: 'dense_1', gradNorm: 1e-3 }, { layer: 'dense_2', gradNorm: 0.5 }];
    const f = only(run({ probes: [probe(vanishing)] }), 'NT0107');
    expect(f.layer).toBe('dense');
    expect(f.values).toEqual({ gradNorm: 2e-6, ratio: 4e-6, maxGradNorm: 0.5, layers: 1, epoch: 3 });
    const e = only(run({ probes: [probe([{ layer: 'dense', gradNorm: 3500 }, { layer: 'dense_1', gradNorm: 40 }])] }), 'NT0108');
    expect(e.layer).toBe('dense');
    expect(e.values).toEqual({ gradNorm: 3500, layers: 1, epoch: 3 });
    expect(codes(run({ probes: [probe([{ layer: 'dense', gradNorm: 0.01 }, { layer: 'dense_1', gradNorm: 0.5 }])] }))).toEqual([]);
  });

  test('NT0109: a diverged run names the first non-finite layer; rising losses and spikes', () => {
    const diverged = run({ status: 'diverged', nanLayer: 'dense_1', lr: 10, epochs: healthyEpochs().slice(0, 1), test: undefined });
    const f = only(diverged, 'NT0109');
    expect([f.severity, f.layer, f.values]).toEqual(['error', 'dense_1', { lr: 10, epoch: 2 }]);
    expect(f.fix).toContain('adam(lr = 1)');
    const rising = healthyEpochs().map((e, i) => ({ ...e, loss: 1 + i, dataLoss: 1 + i }));
    expect(only(run({ epochs: rising }), 'NT0109').values).toMatchObject({ firstLoss: 1, lastLoss: 3 });
    // 300 batches over 3 epochs; 15 spikes (5%) fire, 14 do not.
    expect(only(run({ probes: [probe([], { spikes: 15 })] }), 'NT0109').values).toMatchObject({ spikes: 15, batches: 300 });
    expect(codes(run({ probes: [probe([], { spikes: 14 })] }))).toEqual([]);
  });

  test('NT0110: no progress at chance level means the learning rate is too low', () => {
    const flat = [2.34, 2.3, 2.29].map((loss, i) => ({ epoch: i + 1, loss, accuracy: 0.2, seconds: 1, samplesPerSecond: 1 }));
    const f = only(run({ epochs: flat, lr: 1e-5 }), 'NT0110');
    expect(f.values).toEqual({ lr: 1e-5, firstLoss: 2.34, lastLoss: 2.29, drop: Number(((2.34 - 2.29) / 2.34).toFixed(4)), accuracy: 0.2 });
    expect(f.fix).toContain('adam(lr = 0.0001)');
  });
});
