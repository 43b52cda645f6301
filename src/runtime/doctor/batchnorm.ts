// NT0101: batch norm's moving statistics not warmed up. Each training step moves them a fraction
// (1 - momentum) towards the batch's statistics, so after `steps` steps momentum^steps of their
// initial values (mean 0, variance 1) is left, and inference normalises with that mixture. Keras's
// default momentum 0.99 needs ln(0.01)/ln(0.99) ≈ 459 steps to get below 1%.
import type { RunRecord } from '../record.js';
import { num, pct, stepsOf } from './common.js';
import type { Finding } from './types.js';

/** A fraction of the initial values above this is reported. */
export const BN_LEFT_LIMIT = 0.01;

export function checkBatchNorm(r: RunRecord): Finding[] {
  const steps = stepsOf(r);
  if (steps === 0) return [];
  const byMomentum = new Map<number, string[]>();
  for (const n of r.ir.nodes) {
    if (n.kind !== 'bn') continue;
    const m = Number(n.attrs['momentum'] ?? 0.99);
    byMomentum.set(m, [...(byMomentum.get(m) ?? []), n.name]);
  }
  const out: Finding[] = [];
  for (const [momentum, layers] of byMomentum) {
    const left = momentum ** steps;
    if (!(left > BN_LEFT_LIMIT)) continue;
    const stepsNeeded = Math.ceil(Math.log(BN_LEFT_LIMIT) / Math.log(momentum));
    const suggested = 0.9 ** steps <= BN_LEFT_LIMIT ? 0.9 : Math.floor(100 * BN_LEFT_LIMIT ** (1 / steps)) / 100;
    const which = layers.length === 1 ? layers[0] : `${layers.length} batch-norm layers (${layers[0]}, ...)`;
    out.push({
      code: 'NT0101',
      severity: left > 0.05 ? 'error' : 'warning',
      layer: layers[0],
      message: `batch norm's moving statistics are not warmed up: ${which} with momentum ${momentum} after ${steps} training steps still hold ${pct(left)} of their initial values (${momentum}^${steps} = ${num(left)}), so inference normalises with statistics the network never saw`,
      fix: `use bn(momentum = ${suggested}) or train ≥ ${stepsNeeded} steps (more epochs or a smaller batch: --batch ${Math.max(1, Math.floor(r.train.batch * steps / stepsNeeded))})`,
      values: { momentum, steps, fractionLeft: Number(left.toPrecision(4)), stepsNeeded, suggestedMomentum: suggested },
    });
  }
  return out;
}

/** NT0111 thresholds: a mean shift of half a standard deviation, or variances off by a factor of 2. */
export const BN_SHIFT_LIMIT = 0.5;
export const BN_VAR_RATIO_LIMIT = 2;

/**
 * NT0111: batch norm's moving statistics, as measured by the last probe, do not match the
 * statistics of the layer's input on training samples. Reported for the first such layer (later
 * layers inherit its error). They lag behind weights that still change quickly even when the
 * warm-up of NT0101 is over.
 */
export function checkBatchNormMatch(r: RunRecord): Finding[] {
  const probe = r.probes?.at(-1);
  const bad = probe?.layers.find((l) => l.bnShift !== undefined && l.bnVarRatio !== undefined
    && (l.bnShift > BN_SHIFT_LIMIT || l.bnVarRatio > BN_VAR_RATIO_LIMIT || l.bnVarRatio < 1 / BN_VAR_RATIO_LIMIT));
  if (!probe || !bad) return [];
  const node = r.ir.nodes.find((n) => n.name === bad.layer);
  const momentum = Number(node?.attrs['momentum'] ?? 0.99);
  return [{
    code: 'NT0111', severity: 'warning', layer: bad.layer,
    message: `${bad.layer}'s moving statistics do not match its input on ${probe.samples} training samples after epoch ${probe.epoch}: the moving means are off by ${num(bad.bnShift!)} standard deviations on average and the moving variances are ${num(bad.bnVarRatio!)} times the measured ones (median over channels), so inference normalises differently from training`,
    fix: `use a faster-moving average, bn(momentum = ${momentum > 0.9 ? 0.9 : Number((momentum - 0.1).toFixed(2))}), train longer, or lower the learning rate so the weights settle`,
    values: { shift: bad.bnShift!, varianceRatio: bad.bnVarRatio!, epoch: probe.epoch },
  }];
}
