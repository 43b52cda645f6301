// NT0103: overfitting — the validation loss rose by 10% or more from its best epoch while the
// training loss kept falling, or the gap between training and validation accuracy grew above
// 0.1 (by more than 0.05 since the first epoch). Needs a validation split and 3 epochs.
import type { RunRecord } from '../record.js';
import { dataLoss, num } from './common.js';
import type { Finding } from './types.js';

export function checkOverfit(r: RunRecord): Finding[] {
  const e = r.epochs;
  if (e.length < 3 || e.some((x) => x.valLoss === undefined)) return [];
  const val = e.map((x) => x.valDataLoss ?? x.valLoss!);
  const best = val.indexOf(Math.min(...val));
  const last = e.length - 1;
  const lossRose = best < last && val[last]! >= 1.1 * val[best]! && dataLoss(e[last]!) < dataLoss(e[best]!);
  const gap = (x: (typeof e)[number]) => (x.accuracy !== undefined && x.valAccuracy !== undefined ? x.accuracy - x.valAccuracy : undefined);
  const g0 = gap(e[0]!), g1 = gap(e[last]!);
  const gapGrew = g0 !== undefined && g1 !== undefined && g1 > 0.1 && g1 - g0 > 0.05;
  if (!lossRose && !gapGrew) return [];
  const parts = [];
  if (lossRose) parts.push(`validation loss rose from ${num(val[best]!)} at epoch ${best + 1} to ${num(val[last]!)} at epoch ${last + 1} while training loss fell from ${num(dataLoss(e[best]!))} to ${num(dataLoss(e[last]!))}`);
  if (gapGrew) parts.push(`the gap between training and validation accuracy grew from ${num(g0!)} to ${num(g1!)}`);
  return [{
    code: 'NT0103',
    severity: 'warning',
    message: `overfitting: ${parts.join('; ')}`,
    fix: `stop earlier (--epochs ${best + 1}), add dropout or an l2(...) penalty, or train on more data`,
    values: { bestEpoch: best + 1, bestValLoss: val[best]!, lastValLoss: val[last]!, ...(g1 !== undefined ? { accuracyGap: Number(g1.toFixed(4)), firstAccuracyGap: Number(g0!.toFixed(4)) } : {}) },
  }];
}
