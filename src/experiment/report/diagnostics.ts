// The doctor's findings of each variant, aggregated over its runs: one line per code (and layer)
// with the number of runs it fired in, the message of the first such run (its numbers) and the fix.
import type { Finding, Severity } from '../../runtime/doctor/types.js';
import type { Analysis } from './analyse.js';
import type { Block } from './document.js';
import { code } from './document.js';

export interface Aggregated { finding: Finding; severity: Severity; runs: number; firstRun: number }

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings by code and layer over the runs (each run counted once), most severe first, then by code. */
export function aggregate(runs: { diagnostics: Finding[] }[]): Aggregated[] {
  const byKey = new Map<string, Aggregated>();
  runs.forEach((run, i) => {
    const seen = new Set<string>();
    for (const f of run.diagnostics) {
      const key = `${f.code}\u0000${f.layer ?? ''}`;
      const a = byKey.get(key);
      if (!a) byKey.set(key, { finding: f, severity: f.severity, runs: 1, firstRun: i + 1 });
      else {
        if (RANK[f.severity] < RANK[a.severity]) a.severity = f.severity;
        if (!seen.has(key)) a.runs++;
      }
      seen.add(key);
    }
  });
  return [...byKey.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.finding.code.localeCompare(b.finding.code)
    || (a.finding.layer ?? '').localeCompare(b.finding.layer ?? ''));
}

export function diagnosticsBlocks(an: Analysis): Block[] {
  const out: Block[] = [
    { kind: 'heading', level: 2, text: 'Diagnostics' },
    { kind: 'para', text: 'What `nnc doctor` found in the runs of each variant (codes are listed in docs/doctor.md); '
      + 'the numbers are those of the first run it fired in.' },
  ];
  const clean: string[] = [];
  for (const v of an.variants) {
    const runs = v.variant.runs;
    const found = aggregate(runs);
    if (found.length === 0) { clean.push(code(v.variant.label)); continue; }
    out.push({ kind: 'heading', level: 3, text: code(v.variant.label) }, {
      kind: 'list',
      items: found.map((a) => {
        const layer = a.finding.layer ? `, layer ${code(a.finding.layer)}` : '';
        const which = runs.length > 1 ? ` (run ${a.firstRun})` : '';
        return `**${a.finding.code}** ${a.severity} in ${a.runs}/${runs.length} runs${layer}: `
          + `${a.finding.message.replace(/\.$/, '')}${which}. Fix: ${a.finding.fix.replace(/\.?$/, '.')}`;
      }),
    });
  }
  if (clean.length) out.push({ kind: 'para', text: `No findings: ${clean.join(', ')}.` });
  return out;
}
