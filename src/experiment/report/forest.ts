// The test results at a glance (results.svg): one row per variant with each run's value as a
// hollow dot, the mean as a filled dot and the 95% confidence interval as a bar, on one shared
// axis, so overlapping intervals and outlying runs show before any table is read.
import { niceTicks } from '../../runtime/plot.js';
import type { Analysis } from './analyse.js';
import type { Picture } from './curves.js';

const W = 840, ROW = 24, TOP = 44, BOTTOM = 64, RIGHT = 24;
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const f1 = (v: number) => v.toFixed(1);

export function forestPicture(an: Analysis): Picture | null {
  const what = an.metric === 'accuracy' ? 'test accuracy' : 'test loss';
  const rows = an.variants.map((v) => {
    const s = an.metric === 'accuracy' ? v.accuracy : v.loss;
    const runs = v.variant.runs.map((r) => (an.metric === 'accuracy' ? r.test.accuracy : r.test.loss))
      .filter((x): x is number => x !== null && Number.isFinite(x));
    return { label: v.variant.label, s, runs };
  });
  const all = rows.flatMap((r) => [...r.runs, ...(r.s.ci ?? [])]);
  if (all.length === 0) return null;
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 1e-9) { lo -= 0.05; hi += 0.05; }
  const ticks = niceTicks(lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.04, 6);
  lo = Math.min(lo - (hi - lo) * 0.04, ticks[0]!); hi = Math.max(hi + (hi - lo) * 0.04, ticks.at(-1)!);
  const left = Math.min(380, Math.max(90, 16 + 6.6 * Math.max(...rows.map((r) => r.label.length))));
  const height = TOP + rows.length * ROW + BOTTOM;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - RIGHT);
  const yBottom = TOP + rows.length * ROW;
  const title = `${an.results.name}: ${what} by variant`;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}"`
      + ' font-family="sans-serif" font-size="12">',
    `<title>${esc(title)}</title>`, '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    if (i % 2 === 0) out.push(`<rect x="0" y="${TOP + i * ROW}" width="${W}" height="${ROW}" fill="#f5f5f5"/>`);
    out.push(`<text x="${left - 10}" y="${y + 4}" text-anchor="end">${esc(r.label)}</text>`);
  });
  for (const t of ticks) {
    out.push(`<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${TOP}" y2="${yBottom}" stroke="#dddddd"/>`);
    out.push(`<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${yBottom}" y2="${yBottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${f1(x(t))}" y="${yBottom + 18}" text-anchor="middle" font-size="11">${Number(t.toPrecision(6))}</text>`);
  }
  out.push(`<line x1="${left}" x2="${W - RIGHT}" y1="${yBottom}" y2="${yBottom}" stroke="#333"/>`);
  out.push(`<text x="${(left + W - RIGHT) / 2}" y="${yBottom + 36}" text-anchor="middle">${what}</text>`);
  rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    if (r.s.ci) {
      const [a, b] = r.s.ci.map((v) => f1(x(v)));
      out.push(`<path d="M${a},${y - 5}V${y + 5}M${a},${y}H${b}M${b},${y - 5}V${y + 5}" stroke="#1f77b4" stroke-width="2" fill="none"/>`);
    }
    for (const v of r.runs) out.push(`<circle cx="${f1(x(v))}" cy="${y}" r="3.5" fill="none" stroke="#555" stroke-width="1.2"/>`);
    if (r.s.mean !== null) out.push(`<circle cx="${f1(x(r.s.mean))}" cy="${y}" r="5" fill="#1f77b4"/>`);
  });
  const ly = yBottom + 56;
  out.push(
    `<circle cx="${left}" cy="${ly - 4}" r="5" fill="#1f77b4"/><text x="${left + 10}" y="${ly}">mean</text>`,
    `<circle cx="${left + 70}" cy="${ly - 4}" r="3.5" fill="none" stroke="#555" stroke-width="1.2"/>`
      + `<text x="${left + 80}" y="${ly}">one run</text>`,
    `<path d="M${left + 150},${ly - 9}V${ly + 1}M${left + 150},${ly - 4}H${left + 176}M${left + 176},${ly - 9}V${ly + 1}"`
      + ` stroke="#1f77b4" stroke-width="2" fill="none"/><text x="${left + 184}" y="${ly}">95% confidence interval of the mean</text>`,
    '</svg>', '',
  );
  return { file: 'results.svg', title, svg: out.join('\n') };
}
