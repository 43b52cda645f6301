// Side-by-side comparison of several models' summaries: totals, each model's ratio to the first,
// parameters by layer family, and each model's largest layer.
import type { LayerRow, Summary } from './summary.js';

/** The families a comparison breaks parameters down by; other families have no weights. */
export const FAMILIES = ['conv', 'dense', 'normalization', 'recurrent', 'embedding'] as const;
export type Family = (typeof FAMILIES)[number];

export interface Compared {
  summary: Summary;
  /** `name`, or `file#name` when two compared models share a name. */
  label: string;
  /** To the first model's; NaN when the first has none. */
  ratio: { params: number; macs: number };
  byFamily: Record<Family, number>;
  /** The layer with the most parameters (the first of equals); absent in a model without weights. */
  largest?: LayerRow;
}

export function compare(summaries: Summary[]): Compared[] {
  const first = summaries[0];
  const names = summaries.map((s) => s.name);
  return summaries.map((s) => {
    const byFamily = Object.fromEntries(FAMILIES.map((f) => [f, 0])) as Record<Family, number>;
    for (const r of s.layers) if ((FAMILIES as readonly string[]).includes(r.family)) byFamily[r.family as Family] += r.params;
    const largest = s.layers.reduce<LayerRow | undefined>((best, r) => (r.params > (best?.params ?? 0) ? r : best), undefined);
    const dup = names.filter((n) => n === s.name).length > 1;
    return {
      summary: s,
      label: dup ? `${s.file}#${s.name}` : s.name,
      ratio: {
        params: first ? s.totals.params / first.totals.params : NaN,
        macs: first ? s.totals.macs / first.totals.macs : NaN,
      },
      byFamily,
      ...(largest ? { largest } : {}),
    };
  });
}
