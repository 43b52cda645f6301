// NT0107 vanishing and NT0108 exploding gradients, from the last epoch's probe: the L2 norm of the
// data loss's gradient per layer. Vanishing: a layer's norm is below 1e-4 of the largest layer's
// (it barely learns while others do). Exploding: a norm above 100, or not finite.
import type { RunRecord } from '../record.js';
import { lastProbe, num } from './common.js';
import type { Finding } from './types.js';

export const VANISHING_RATIO = 1e-4;
export const EXPLODING_NORM = 100;

export function checkGradients(r: RunRecord): Finding[] {
  const probe = lastProbe(r);
  const layers = probe?.layers.filter((l) => l.gradNorm !== undefined) ?? [];
  if (!probe || layers.length === 0) return [];
  const out: Finding[] = [];
  const exploding = layers.filter((l) => !Number.isFinite(l.gradNorm!) || l.gradNorm! > EXPLODING_NORM);
  if (exploding.length) {
    const worst = exploding.reduce((a, b) => (!(a.gradNorm! >= b.gradNorm!) ? a : b));
    out.push({
      code: 'NT0108', severity: 'error', layer: worst.layer,
      message: `exploding gradients: the gradient norm of ${worst.layer} is ${num(worst.gradNorm!)} after epoch ${probe.epoch} (${exploding.length} layer${exploding.length === 1 ? '' : 's'} above ${EXPLODING_NORM})`,
      fix: 'lower the learning rate, add bn after the weighted layers, or scale the inputs to about [-1, 1]',
      values: { gradNorm: worst.gradNorm!, layers: exploding.length, epoch: probe.epoch },
    });
  }
  const finite = layers.filter((l) => Number.isFinite(l.gradNorm!));
  const max = Math.max(...finite.map((l) => l.gradNorm!));
  if (max > 0) {
    const vanishing = finite.filter((l) => l.gradNorm! < VANISHING_RATIO * max);
    if (vanishing.length) {
      const worst = vanishing.reduce((a, b) => (a.gradNorm! <= b.gradNorm! ? a : b));
      const top = finite.find((l) => l.gradNorm === max)!;
      out.push({
        code: 'NT0107', severity: 'warning', layer: worst.layer,
        message: `vanishing gradients: the gradient norm of ${worst.layer} is ${num(worst.gradNorm!)}, ${num(worst.gradNorm! / max)} of ${top.layer}'s ${num(max)} after epoch ${probe.epoch} (${vanishing.length} layer${vanishing.length === 1 ? '' : 's'} below ${VANISHING_RATIO} of the largest), so the early layers barely learn`,
        fix: 'use relu instead of sigmoid/tanh, add bn, or make the network shallower',
        values: { gradNorm: worst.gradNorm!, ratio: Number((worst.gradNorm! / max).toPrecision(4)), maxGradNorm: max, layers: vanishing.length, epoch: probe.epoch },
      });
    }
  }
  return out;
}
