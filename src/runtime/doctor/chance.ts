// NT0102: test accuracy near chance while training accuracy is high. The network learned the
// training data but what it learned does not carry to the test data: usually inference runs in a
// different regime than training (batch norm's moving statistics, NT0101) or the test data differ.
import type { RunRecord } from '../record.js';
import { chanceOf, nearChance, num } from './common.js';
import type { Finding } from './types.js';

export function checkChance(r: RunRecord): Finding[] {
  const test = r.test?.accuracy;
  const train = r.epochs.at(-1)?.accuracy;
  if (test === undefined || train === undefined) return [];
  if (!nearChance(test, r) || train < 0.7 || train - test < 0.3) return [];
  const chance = chanceOf(r);
  const bn = r.ir.nodes.some((n) => n.kind === 'bn');
  return [{
    code: 'NT0102',
    severity: 'error',
    message: `test accuracy ${num(test)} is near chance (${num(chance)} for ${r.data.classes.length} classes) while training accuracy reached ${num(train)}`,
    fix: bn
      ? 'the model has batch norm: if NT0101 is reported, fix that first (inference uses the moving statistics); otherwise check that test data are prepared like the training data'
      : 'check that test data are prepared like the training data (same scaling, same classes in the same order)',
    values: { testAccuracy: test, trainAccuracy: train, chance: Number(chance.toPrecision(4)) },
  }];
}
