// The doctor: findings that explain a run, a pure function of its run.json. Each check is a small
// module with one documented code (docs/doctor.md); they run in code order and the findings are
// listed errors first.
import type { RunRecord } from '../record.js';
import { checkBatchNorm, checkBatchNormMatch } from './batchnorm.js';
import { checkChance } from './chance.js';
import { checkGradients } from './gradients.js';
import { checkLearningRate } from './learning-rate.js';
import { checkOverfit } from './overfit.js';
import { checkPenalty } from './penalty.js';
import type { Finding, Severity } from './types.js';
import { checkUnits } from './units.js';

export type { Finding, EpochProbe, LayerProbe } from './types.js';

export const CHECKS: readonly ((r: RunRecord) => Finding[])[] = [
  checkBatchNorm, checkBatchNormMatch, checkChance, checkOverfit, checkPenalty, checkUnits, checkGradients, checkLearningRate,
];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function diagnose(record: RunRecord): Finding[] {
  return CHECKS.flatMap((check) => check(record)).sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.code.localeCompare(b.code));
}

/** Findings as text: `CODE severity [layer]: message` and an indented fix line each. */
export function formatFindings(findings: Finding[], prefix = ''): string {
  if (findings.length === 0) return `${prefix}doctor: no findings\n`;
  return findings.map((f) => `${prefix}${f.code} ${f.severity}${f.layer ? ` [${f.layer}]` : ''}: ${f.message}\n${prefix}  fix: ${f.fix}\n`).join('');
}
