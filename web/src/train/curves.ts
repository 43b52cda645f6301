// Live learning curves: training loss and accuracy after every batch, validation loss and
// accuracy after every epoch, as two small SVG charts redrawn as points arrive.
const W = 300, H = 170, PAD = 34;

export interface Curves {
  /** Per batch, in order over all epochs. */
  loss: number[];
  accuracy: number[];
  /** Per epoch: [batches seen so far, value]. */
  valLoss: [number, number][];
  valAccuracy: [number, number][];
  batchesPerEpoch: number;
}

export const emptyCurves = (batchesPerEpoch: number): Curves => ({ loss: [], accuracy: [], valLoss: [], valAccuracy: [], batchesPerEpoch });

function chart(title: string, train: number[], val: [number, number][], total: number, fixed?: [number, number]): string {
  const all = [...train, ...val.map((p) => p[1])].filter(Number.isFinite);
  let [lo, hi] = fixed ?? [all.length ? Math.min(...all) : 0, all.length ? Math.max(...all) : 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  const px = (i: number) => PAD + (i / Math.max(total, 1)) * (W - PAD - 8);
  const py = (v: number) => H - PAD + 10 - ((v - lo) / (hi - lo)) * (H - PAD - 10 - 18);
  const line = train.map((v, i) => (Number.isFinite(v) ? `${px(i + 1).toFixed(1)},${py(v).toFixed(1)}` : '')).filter(Boolean).join(' ');
  const dots = val.filter((p) => Number.isFinite(p[1])).map(([x, v]) => `<circle cx="${px(x).toFixed(1)}" cy="${py(v).toFixed(1)}" r="3.5" class="val"/>`).join('');
  return `<svg class="curve" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">`
    + `<text x="${W / 2}" y="13" text-anchor="middle" class="title">${title}</text>`
    + `<rect x="${PAD}" y="18" width="${W - PAD - 8}" height="${H - PAD - 8}" class="frame"/>`
    + `<text x="${PAD - 4}" y="26" text-anchor="end">${hi.toPrecision(2)}</text>`
    + `<text x="${PAD - 4}" y="${H - PAD + 10}" text-anchor="end">${lo.toPrecision(2)}</text>`
    + `<text x="${W / 2}" y="${H - 6}" text-anchor="middle">batch (${total})</text>`
    + `<polyline points="${line}" class="train"/>${dots}</svg>`;
}

export function curvesSvg(c: Curves, epochs: number): string {
  const total = c.batchesPerEpoch * epochs;
  const legend = '<div class="legend"><span class="train">training (per batch)</span> <span class="val">validation (per epoch)</span></div>';
  const acc = c.accuracy.some(Number.isFinite) ? chart('accuracy', c.accuracy, c.valAccuracy, total, [0, 1]) : '';
  return `${chart('loss', c.loss, c.valLoss, total)}${acc}${legend}`;
}
