// NT0109 learning rate too high: the loss diverged (naming the first layer that went non-finite),
// rose from the first epoch to the last by 10% or more, or spiked (a batch loss above twice its
// running mean) in 5% or more of the batches. NT0110 learning rate too low: over 2 or more epochs
// the data loss fell by less than 5% and training accuracy stayed near chance.
import type { RunRecord } from '../record.js';
import { dataLoss, nearChance, num, pct } from './common.js';
import type { Finding } from './types.js';

const scaled = (r: RunRecord, factor: number) => `${r.train.optimizer.name}(lr = ${Number((Number(r.train.optimizer.lr) * factor).toPrecision(3))})`;

export function checkLearningRate(r: RunRecord): Finding[] {
  const lr = Number(r.train.optimizer.lr);
  const e = r.epochs;
  if (r.status === 'diverged') {
    const where = r.nanLayer ? `; the first layer with non-finite weights or outputs is ${r.nanLayer}` : '';
    return [{
      code: 'NT0109', severity: 'error', ...(r.nanLayer ? { layer: r.nanLayer } : {}),
      message: `the learning rate ${lr} is too high: the loss diverged in epoch ${e.length + 1}${where}`,
      fix: `divide the learning rate by 10: ${scaled(r, 0.1)}, or check the data for extreme values`,
      values: { lr, epoch: e.length + 1 },
    }];
  }
  const batches = Math.ceil(r.data.train / r.train.batch) * e.length;
  const spikes = (r.probes ?? []).reduce((n, p) => n + p.spikes, 0);
  const rose = e.length >= 2 && dataLoss(e.at(-1)!) >= 1.1 * dataLoss(e[0]!);
  const spiky = batches > 0 && spikes >= Math.max(3, 0.05 * batches);
  if (rose || spiky) {
    const parts = [];
    if (rose) parts.push(`the training loss rose from ${num(dataLoss(e[0]!))} in epoch 1 to ${num(dataLoss(e.at(-1)!))} in epoch ${e.length}`);
    if (spiky) parts.push(`${spikes} of ${batches} batches (${pct(spikes / batches)}) had a loss above twice its running mean`);
    return [{
      code: 'NT0109', severity: 'warning',
      message: `the learning rate ${lr} looks too high: ${parts.join('; ')}`,
      fix: `divide the learning rate by 10: ${scaled(r, 0.1)}`,
      values: { lr, firstLoss: dataLoss(e[0]!), lastLoss: dataLoss(e.at(-1)!), spikes, batches },
    }];
  }
  const acc = e.at(-1)?.accuracy;
  if (e.length >= 2 && acc !== undefined && nearChance(acc, r)) {
    const first = dataLoss(e[0]!), last = dataLoss(e.at(-1)!);
    const drop = (first - last) / first;
    if (drop < 0.05) {
      return [{
        code: 'NT0110', severity: 'warning',
        message: `the learning rate ${lr} looks too low: in ${e.length} epochs the training loss went from ${num(first)} to ${num(last)} (${pct(drop)} lower) and training accuracy is ${num(acc)}, near chance`,
        fix: `multiply the learning rate by 10: ${scaled(r, 10)}`,
        values: { lr, firstLoss: first, lastLoss: last, drop: Number(drop.toFixed(4)), accuracy: acc },
      }];
    }
  }
  return [];
}
