// The time estimate's arithmetic: training FLOPs per sample are 3x the analysis's forward FLOPs,
// and each run's work is epochs x samples of them at the speed measured for its batch size.
import { describe, expect, it } from 'vitest';
import { estimateSeconds, humanDuration, speedKey, trainFlopsPerSample } from '../../src/experiment/estimate.js';
import { model } from '../helpers.js';

describe('estimate', () => {
  const m = model('model m { input(10); dense(4); dense(2) }');
  it('counts training FLOPs as forward + backward', () => {
    // MACs 10*4 + 4*2 = 48, FLOPs 96, training 3x.
    expect(trainFlopsPerSample(m)).toBe(288);
  });
  it('adds up epochs x samples x FLOPs at the speed of each network and batch size', () => {
    const speeds = new Map([[speedKey({ model: m, batch: 32 }), 288_000], [speedKey({ model: m, batch: 1 }), 28_800]]);
    const work = [
      { model: m, batch: 32, epochs: 2, samples: 1000 }, // 2 * 1000 * 288 / 288,000 = 2 s
      { model: m, batch: 1, epochs: 1, samples: 100 }, // 100 * 288 / 28,800 = 1 s
    ];
    expect(estimateSeconds(work, speeds)).toBeCloseTo(3, 10);
    expect(estimateSeconds([], speeds)).toBe(0);
    // Evaluating 3,000 samples costs a forward pass each: 3000 * 96 / 288,000 = 1 s.
    expect(estimateSeconds([{ model: m, batch: 32, epochs: 2, samples: 1000, evaluated: 3000 }], speeds)).toBeCloseTo(3, 10);
  });
  it('one speed for a network whatever its train settings, another for another network', () => {
    const other = model('model m { input(10); dense(4); dense(2); train { epochs: 3; optimizer: sgd } }');
    expect(speedKey({ model: other, batch: 8 })).toBe(speedKey({ model: m, batch: 8 }));
    expect(speedKey({ model: m, batch: 8 })).not.toBe(speedKey({ model: m, batch: 16 }));
    expect(speedKey({ model: model('model m { input(10); dense(5); dense(2) }'), batch: 8 })).not.toBe(speedKey({ model: m, batch: 8 }));
  });
  it('prints durations for people', () => {
    expect([humanDuration(42.4), humanDuration(725), humanDuration(3600 * 52 + 25 * 60 + 10)]).toEqual(['42 s', '12 min 5 s', '52 h 25 min']);
  });
});
