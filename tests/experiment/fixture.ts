// Experiment results built by hand for the report's tests: exact test metrics per run, smooth
// learning curves and doctor findings, without training anything.
import type { Finding } from '../../src/runtime/doctor/types.js';
import type { EpochRecord } from '../../src/runtime/record.js';
import type { ExperimentResults, ExperimentRun, ExperimentVariant, GridValue } from '../../src/experiment/types.js';

/** Epoch records rising from `start` towards `end` accuracy; `wiggle` shifts a run a little. */
export function epochs(count: number, start: number, end: number, wiggle = 0): EpochRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const f = count === 1 ? 1 : i / (count - 1);
    const acc = start + (end - start) * Math.sqrt(f) + wiggle;
    return {
      epoch: i + 1, loss: 1.4 - acc, dataLoss: 1.3 - acc, penalty: 0.1, accuracy: acc,
      valLoss: 1.45 - acc + wiggle, valDataLoss: 1.35 - acc + wiggle, valAccuracy: acc - 0.03 - wiggle, seconds: 2, samplesPerSecond: 400,
    };
  });
}

export const BN001: Finding = {
  code: 'NT0101', severity: 'error', layer: 'batch_normalization',
  message: "batch norm's moving statistics are not warmed up: 0.99^200 = 0.134 of their initial values are left",
  fix: 'use bn(momentum = 0.9) or train ≥ 459 steps', values: { left: 0.134 },
};

export function run(seed: number, accuracy: number | null, loss: number, options: { penalty?: number; epochs?: EpochRecord[]; diagnostics?: Finding[] } = {}): ExperimentRun {
  const penalty = options.penalty ?? 0;
  return {
    seed, dir: `runs/${seed}`, test: { accuracy, loss, dataLoss: loss - penalty, penalty },
    epochs: options.epochs ?? epochs(3, 0.4, accuracy ?? 0.5), diagnostics: options.diagnostics ?? [], seconds: 12,
  };
}

export function variant(label: string, model: string, runs: ExperimentRun[], args: Record<string, GridValue> = {}, settings: Record<string, GridValue> = {}): ExperimentVariant {
  return {
    label, model, args, settings: { epochs: 3, batch: 32, ...settings },
    static: { params: 1_234_567, trainable: 1_234_000, nonTrainable: 567, macs: 39_320_000, flops: 78_640_000 }, runs,
  };
}

export function results(variants: ExperimentVariant[], extra: Partial<ExperimentResults> = {}): ExperimentResults {
  return {
    name: 'part2', file: 'specs/hw4/part2.nn', data: 'shapes:800', runs: variants[0]?.runs.length ?? 0, backend: 'fast', nnc: '0.1.0',
    started: '2026-12-02T20:00:00.000Z', finished: '2026-12-02T20:11:02.000Z', estimateSeconds: 750, elapsedSeconds: 662, variants, ...extra,
  };
}

const A = [0.85, 0.87, 0.84, 0.86, 0.88];
const B = [0.73, 0.75, 0.70, 0.74, 0.72];
const C = [0.80, 0.86, 0.79, 0.90, 0.83];

/** Part 2 in small: three models, five runs each, an L2 penalty, batch-norm findings in one model. */
export function part2(): ExperimentResults {
  const make = (accs: number[], end: number, findings: (i: number) => Finding[] = () => []) => accs.map((a, i) =>
    run(i + 1, a, 1.5 - a, { penalty: 0.25, epochs: epochs(8, 0.3, end, (i - 2) * 0.01), diagnostics: findings(i) }));
  return results([
    variant('cnn', 'cnn', make(A, 0.9)),
    variant('cnn_half', 'cnn_half', make(C, 0.88, (i) => (i < 4 ? [{ ...BN001, values: { left: 0.134 + i / 1000 } }] : []))),
    variant('fc8', 'fc8', make(B, 0.75)),
  ]);
}

/** Part 1's grid: activation × epochs × batch × norm, 2 runs each; relu beats sigmoid by 0.1, batch 32 beats 1 by 0.03. */
export function part1(): ExperimentResults {
  const vs: ExperimentVariant[] = [];
  for (const act of ['relu', 'sigmoid']) for (const ep of [25, 40]) for (const batch of [32, 1]) for (const norm of ['no', 'yes']) {
    const base = (act === 'relu' ? 0.95 : 0.85) + (ep === 40 ? 0.004 : 0) + (batch === 1 ? -0.03 : 0) + (norm === 'yes' ? 0.01 : 0);
    const runs = [0, 1].map((i) => run(i + 1, base + (i ? 0.003 : -0.003), 1 - base, { epochs: epochs(ep === 25 ? 5 : 8, 0.5, base, i * 0.01) }));
    vs.push(variant(`mlp act=${act} epochs=${ep} batch=${batch} norm=${norm}`, 'mlp', runs, { act, norm }, { epochs: ep, batch }));
  }
  return results(vs, { name: 'part1', file: 'specs/hw4/part1.nn', data: 'mnist', runs: 2 });
}
