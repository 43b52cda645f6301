// How the report writes numbers: metrics with 4 decimals (as nnc's result tables), p-values with
// two significant digits, durations in h/min/s.
import type { Summary } from '../stats.js';

export const fixed = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(digits) : String(v);

/** `0.8600 ± 0.0158`; one value alone; `—` when nothing finished. */
export function meanStd(s: Summary): string {
  if (s.mean === null) return '—';
  return s.std === null ? fixed(s.mean) : `${fixed(s.mean)} ± ${fixed(s.std)}`;
}

export const interval = (s: Summary): string =>
  s.ci ? `[${fixed(s.ci[0])}, ${fixed(s.ci[1])}]` : s.n === 1 ? '— (1 run)' : '—';

export function pValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${Number(p.toPrecision(2))}`;
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), rest = s % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${rest} s`;
}

/** An ISO timestamp as `2026-12-02 20:11:02 UTC`; anything else as given. */
export const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};
