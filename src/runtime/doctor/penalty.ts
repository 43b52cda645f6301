// NT0104: the loss is dominated by the L1/L2 penalty — more than half of the (test, else last
// epoch's) loss is Σλ|w| + Σλw², so the optimizer spends its steps shrinking weights rather than
// fitting the data, and the reported loss says little about the fit.
import type { RunRecord } from '../record.js';
import { num, pct } from './common.js';
import type { Finding } from './types.js';

export const PENALTY_SHARE_LIMIT = 0.5;

export function checkPenalty(r: RunRecord): Finding[] {
  const source = r.test?.penalty !== undefined ? r.test : r.epochs.at(-1);
  if (!source || source.penalty === undefined || !(source.loss > 0)) return [];
  const share = source.penalty / source.loss;
  if (share <= PENALTY_SHARE_LIMIT) return [];
  const lambdas = [...new Set(r.ir.nodes.flatMap((n) => {
    const reg = n.attrs['regularizer'] as { l1?: number; l2?: number } | null | undefined;
    return reg ? [reg.l2 ? `l2(${reg.l2})` : '', reg.l1 ? `l1(${reg.l1})` : ''].filter(Boolean) : [];
  }))];
  const smaller = lambdas.map((s) => s.replace(/\(([^)]+)\)/, (_, v: string) => `(${Number((Number(v) / 10).toPrecision(3))})`));
  return [{
    code: 'NT0104',
    severity: 'warning',
    message: `the loss is dominated by regularization: of the ${r.test?.penalty !== undefined ? 'test' : 'last epoch\'s'} loss ${num(source.loss)}, the penalty is ${num(source.penalty)} (${pct(share)}) and the data loss ${num(source.loss - source.penalty)}`,
    fix: lambdas.length ? `use a smaller penalty: ${lambdas.join(', ')} → ${smaller.join(', ')}` : 'use a smaller L1/L2 penalty',
    values: { loss: source.loss, penalty: source.penalty, share: Number(share.toFixed(4)) },
  }];
}
