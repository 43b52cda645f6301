// The progress line: running means, ETAs, and every field within 80 columns.
import { describe, expect, test } from 'vitest';
import { barLine, duration } from '../../src/runtime/progress.js';

const state = { prefix: '', epoch: 3, epochs: 25, batch: 120, batches: 1688, loss: 0.32761, accuracy: 0.98, samplesPerSecond: 2345.6, epochEta: 41, runEta: 3725 };

describe('progress line', () => {
  test('at 80 columns every field fits; the bar takes what room is left', () => {
    expect(barLine(state, 80)).toBe('epoch 3/25 120/1688 loss 0.3276 acc 0.9800 2346/s ETA 0:41 run 1:02:05');
    expect(barLine({ ...state, epoch: 3, epochs: 8, batch: 12, batches: 25 }, 80)).toBe('epoch 3/8 [====>      ] 12/25 loss 0.3276 acc 0.9800 2346/s ETA 0:41 run 1:02:05');
    const wide = barLine(state, 100);
    expect(wide).toMatch(/^epoch 3\/25 \[=*> +\] 120\/1688 loss 0\.3276 acc 0\.9800 2346\/s ETA 0:41 run 1:02:05$/);
    expect(wide.length).toBe(100);
  });

  test('long prefixes drop the bar first, then throughput and the run ETA, never past the width', () => {
    const a = barLine({ ...state, prefix: 'cnn_half run 1/5 ' }, 80);
    expect(a).toBe('cnn_half run 1/5 epoch 3/25 120/1688 loss 0.3276 acc 0.9800 ETA 0:41 run 1:02:05');
    expect(a.length).toBeLessThanOrEqual(80);
    const b = barLine({ ...state, prefix: 'mlp_sigmoid_bn run 10/10 ' }, 80);
    expect(b).toBe('mlp_sigmoid_bn run 10/10 epoch 3/25 120/1688 loss 0.3276 acc 0.9800 ETA 0:41');
    for (const width of [40, 60, 80, 120]) {
      for (const prefix of ['', 'fc8 ', 'cnn_half run 1/5 ', 'a_very_long_model_name run 10/10 ']) {
        expect(barLine({ ...state, prefix }, width).length).toBeLessThanOrEqual(width);
      }
    }
  });

  test('the bar fills with the batches done; a 1-epoch run has no run ETA', () => {
    expect(barLine({ ...state, epochs: 1, epoch: 1, batch: 1688 }, 80)).toMatch(/^epoch 1\/1 \[=+\] 1688\/1688 loss 0\.3276 acc 0\.9800 2346\/s ETA 0:41$/);
    expect(barLine({ ...state, batch: 0, loss: NaN, accuracy: undefined, samplesPerSecond: undefined, epochEta: undefined, runEta: undefined }, 80))
      .toMatch(/^epoch 3\/25 \[ +\] 0\/1688 loss - ETA - run -$/);
  });

  test('durations', () => {
    expect([duration(0), duration(59.6), duration(61), duration(3725), duration(NaN)]).toEqual(['0:00', '1:00', '1:01', '1:02:05', '-']);
  });
});
