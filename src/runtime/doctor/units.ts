// NT0105 saturated sigmoid/tanh units and NT0106 dead ReLUs, per layer, from the last epoch's
// probe: a layer is reported when at least half of its sigmoid/tanh outputs sit within 0.01 of a
// bound (their gradient is nearly 0), or at least half of its ReLU units output 0 for every
// sample of the probe's batch (they no longer learn).
import type { RunRecord } from '../record.js';
import { lastProbe, pct } from './common.js';
import type { Finding } from './types.js';

export const UNIT_LIMIT = 0.5;

export function checkUnits(r: RunRecord): Finding[] {
  const probe = lastProbe(r);
  if (!probe) return [];
  const out: Finding[] = [];
  for (const l of probe.layers) {
    if (l.saturated !== undefined && l.saturated >= UNIT_LIMIT) {
      out.push({
        code: 'NT0105', severity: 'warning', layer: l.layer,
        message: `${l.layer}: ${pct(l.saturated)} of its ${l.activation} outputs are saturated (within 0.01 of a bound) on ${probe.samples} training samples after epoch ${probe.epoch}, so almost no gradient passes through them`,
        fix: 'put bn before the activation, scale the inputs to about [-1, 1], lower the learning rate, or use relu',
        values: { saturated: l.saturated, units: l.units ?? 0, epoch: probe.epoch },
      });
    }
    if (l.dead !== undefined && l.dead >= UNIT_LIMIT) {
      const dead = Math.round(l.dead * (l.units ?? 0));
      out.push({
        code: 'NT0106', severity: 'warning', layer: l.layer,
        message: `${l.layer}: ${dead} of ${l.units} ReLU units (${pct(l.dead)}) are dead: they output 0 for all ${probe.samples} probed training samples after epoch ${probe.epoch} and no longer learn`,
        fix: 'lower the learning rate, put bn before the relu, or use leaky_relu',
        values: { dead: l.dead, deadUnits: dead, units: l.units ?? 0, epoch: probe.epoch },
      });
    }
  }
  return out;
}
