// plot.svg of a run: loss (left) and accuracy (right) per epoch, training and validation.
// A pure function of the epoch records; no plotting library.
import type { EpochRecord } from './record.js';

const W = 360, H = 240, PAD = 40;
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

function panel(x0: number, title: string, series: { name: string; colour: string; values: (number | undefined)[] }[]): string {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const n = Math.max(...series.map((s) => s.values.length), 1);
  let lo = all.length ? Math.min(...all) : 0, hi = all.length ? Math.max(...all) : 1;
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const px = (i: number) => x0 + PAD + (n === 1 ? (W - 2 * PAD) / 2 : (i / (n - 1)) * (W - 2 * PAD));
  const py = (v: number) => H - PAD - ((v - lo) / (hi - lo)) * (H - 2 * PAD);
  const out = [
    `<text x="${x0 + W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${x0 + PAD}" y="${PAD}" width="${W - 2 * PAD}" height="${H - 2 * PAD}" fill="none" stroke="#999"/>`,
    `<text x="${x0 + PAD - 4}" y="${PAD + 4}" text-anchor="end" font-size="10">${hi.toPrecision(3)}</text>`,
    `<text x="${x0 + PAD - 4}" y="${H - PAD}" text-anchor="end" font-size="10">${lo.toPrecision(3)}</text>`,
    `<text x="${x0 + W / 2}" y="${H - 12}" text-anchor="middle" font-size="10">epoch (1-${n})</text>`,
  ];
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => (v === undefined || !Number.isFinite(v) ? null : `${px(i).toFixed(1)},${py(v).toFixed(1)}`)).filter(Boolean);
    if (pts.length === 0) return;
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.join(' ')}"/>`);
    out.push(`<text x="${x0 + W - PAD}" y="${PAD + 14 + 12 * k}" text-anchor="end" font-size="10" fill="${s.colour}">${esc(s.name)}</text>`);
  });
  return out.join('\n');
}

export function plotSvg(title: string, epochs: EpochRecord[]): string {
  const col = (k: keyof EpochRecord) => epochs.map((e) => e[k] as number | undefined);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 20}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(0, 'loss', [{ name: 'train', colour: '#1f77b4', values: col('loss') }, { name: 'validation', colour: '#ff7f0e', values: col('valLoss') }]),
    panel(W, 'accuracy', [{ name: 'train', colour: '#1f77b4', values: col('accuracy') }, { name: 'validation', colour: '#ff7f0e', values: col('valAccuracy') }]),
    `<text x="${W}" y="${H + 14}" text-anchor="middle" font-size="11">${esc(title)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
