// `stripes[:N]`: a deterministic synthetic image set that a convolutional network learns and a
// dense one does not. Each image is a cluttered scene — a colour gradient, 4 to 8 solid discs,
// boxes and line segments in random colours, pixel noise — with one striped patch (a disc or a
// box of random size, place, colours, stripe width and phase, partly hidden by 0 to 2 more
// items). The class is the stripes' orientation, within ±10°: horizontal, vertical, rising (/)
// or falling (\). Nothing else tells the classes apart: every class has the same colours,
// sizes and places, hence the same mean image, so the class is a local pattern anywhere in the
// image — what a convolution and pooling find, and what a dense layer, one weight per pixel,
// must learn again for every place, phase and colour.
// Images are 64 x 64 x 3 in [0, 1] (or the model's input size when it is H x W x 1 or 3); the
// splits are made as shapes's are (see generated.ts): N training images, a test set of
// max(200, N / 5) from its own stream, classes cycling 0, 1, 2, 3.
import { generatedSet } from './generated.js';
import type { Dataset } from './types.js';

export const STRIPE_CLASSES = ['horizontal', 'vertical', 'rising', 'falling'] as const;
export const DEFAULT_STRIPES = 2000;
/** The stripes' angle per class: the direction, in degrees from the x axis (y pointing up), they run in. */
export const STRIPE_ANGLES = [0, 90, 45, 135] as const;
const JITTER = 10;

export function loadStripes(name: string, size: number | undefined, inputShape?: number[]): Dataset {
  return generatedSet(name, size ?? DEFAULT_STRIPES, inputShape, STRIPE_CLASSES, drawStripes);
}

type Colour = number[];
type Inside = (x: number, y: number) => boolean;

/** One scene with a patch striped in class `label`'s orientation. */
export function drawStripes(out: Float32Array, label: number, rnd: () => number, h: number, w: number, c: number): void {
  const scale = Math.min(h, w) / 64;
  const colour = (lo = 0, hi = 1): Colour => Array.from({ length: c }, () => lo + rnd() * (hi - lo));
  gradient(out, h, w, c, colour(), colour(), rnd() * 2 * Math.PI);
  const clutter = 4 + Math.floor(rnd() * 5);
  for (let i = 0; i < clutter; i++) item(out, h, w, c, rnd, scale, colour());
  patch(out, label, h, w, c, rnd, scale, colour);
  const over = Math.floor(rnd() * 3);
  for (let i = 0; i < over; i++) item(out, h, w, c, rnd, scale * 0.6, colour());
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]! + (rnd() - 0.5) * 0.08));
}

function gradient(out: Float32Array, h: number, w: number, c: number, from: Colour, to: Colour, angle: number): void {
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const span = Math.abs(dx) * w + Math.abs(dy) * h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = ((x - w / 2) * dx + (y - h / 2) * dy) / span + 0.5;
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = from[k]! + (to[k]! - from[k]!) * t;
    }
  }
}

/** Paints the pixels of the box [x0, x1) x [y0, y1) that are inside the region. */
function fill(out: Float32Array, h: number, w: number, c: number, box: number[], inside: Inside, paint: (x: number, y: number, k: number) => number): void {
  const [x0, y0, x1, y1] = [Math.max(0, Math.floor(box[0]!)), Math.max(0, Math.floor(box[1]!)), Math.min(w, Math.ceil(box[2]!)), Math.min(h, Math.ceil(box[3]!))];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!inside(x + 0.5, y + 0.5)) continue;
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = paint(x + 0.5, y + 0.5, k);
    }
  }
}

/** A solid disc, box or line segment of random size and place. */
function item(out: Float32Array, h: number, w: number, c: number, rnd: () => number, scale: number, col: Colour): void {
  const [cx, cy, kind] = [rnd() * w, rnd() * h, Math.floor(rnd() * 3)];
  const solid = (_x: number, _y: number, k: number) => col[k]!;
  if (kind === 0) {
    const r = (2 + rnd() * 6) * scale;
    fill(out, h, w, c, [cx - r, cy - r, cx + r, cy + r], (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r, solid);
  } else if (kind === 1) {
    const [rx, ry] = [(2 + rnd() * 6) * scale, (2 + rnd() * 6) * scale];
    fill(out, h, w, c, [cx - rx, cy - ry, cx + rx, cy + ry], () => true, solid);
  } else {
    const [len, half, a] = [(4 + rnd() * 10) * scale, (0.5 + rnd() * 0.8) * scale, rnd() * Math.PI];
    const [ux, uy] = [Math.cos(a), Math.sin(a)];
    const r = len + half;
    fill(out, h, w, c, [cx - r, cy - r, cx + r, cy + r], (x, y) => {
      const [px, py] = [x - cx, y - cy];
      return Math.abs(px * ux + py * uy) <= len && Math.abs(-px * uy + py * ux) <= half;
    }, solid);
  }
}

/** The striped patch: a dark and a light colour in soft-edged stripes 5-9 px apart (at 64 x 64). */
function patch(out: Float32Array, label: number, h: number, w: number, c: number, rnd: () => number, scale: number, colour: (lo?: number, hi?: number) => Colour): void {
  const side = Math.min(h, w);
  const r = side * (0.16 + rnd() * 0.16);
  const [cx, cy] = [r * 0.7 + rnd() * (w - 1.4 * r), r * 0.7 + rnd() * (h - 1.4 * r)];
  const disc = rnd() < 0.5;
  const [rx, ry] = disc ? [r, r] : [r * (0.75 + rnd() * 0.25), r * (0.75 + rnd() * 0.25)];
  const inside: Inside = disc ? (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r : (x, y) => Math.abs(x - cx) <= rx && Math.abs(y - cy) <= ry;
  const [dark, light] = [colour(0, 0.4), colour(0.6, 1)];
  const [a, b] = rnd() < 0.5 ? [dark, light] : [light, dark];
  const angle = ((STRIPE_ANGLES[label]! + (rnd() * 2 - 1) * JITTER) * Math.PI) / 180;
  // Across the stripes, with y pointing up as the angles are given: the normal of the direction (cos, sin).
  const [nx, ny] = [-Math.sin(angle), -Math.cos(angle)];
  const period = (5 + rnd() * 4) * scale;
  const phase = rnd() * 2 * Math.PI;
  fill(out, h, w, c, [cx - rx, cy - ry, cx + rx, cy + ry], inside, (x, y, k) => {
    const m = Math.min(1, Math.max(0, 0.5 + 2 * Math.sin((2 * Math.PI * (x * nx + y * ny)) / period + phase)));
    return a[k]! + (b[k]! - a[k]!) * m;
  });
}
