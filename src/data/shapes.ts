// `shapes[:N]`: a deterministic synthetic image set in 4 classes — circle, square, triangle,
// cross — each drawn in a random light colour, size and place on a noisy dark background.
// Images are 64 x 64 x 3 in [0, 1] (or the model's input size when it is H x W x 1 or 3).
// Sample i of the training split depends only on i, so shapes:1000 is a prefix of shapes:4000;
// the test split is its own fixed stream of max(200, N / 5) samples. Classes cycle 0, 1, 2, 3.
import { generatedSet } from './generated.js';
import type { Dataset } from './types.js';

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross'] as const;
export const DEFAULT_SHAPES = 2000;

export function loadShapes(name: string, size: number | undefined, inputShape?: number[]): Dataset {
  return generatedSet(name, size ?? DEFAULT_SHAPES, inputShape, SHAPE_CLASSES, drawSample);
}

/** Whether (dx, dy), relative to the centre, lies inside a shape of radius r. */
function inside(kind: number, dx: number, dy: number, r: number): boolean {
  switch (kind) {
    case 0: return dx * dx + dy * dy <= r * r;
    case 1: return Math.abs(dx) <= r * 0.8 && Math.abs(dy) <= r * 0.8;
    case 2: return dy <= r * 0.8 && dy >= -r && Math.abs(dx) <= ((dy + r) / (1.8 * r)) * r;
    default: {
      const arm = r * 0.28;
      return (Math.abs(dx) <= arm && Math.abs(dy) <= r) || (Math.abs(dy) <= arm && Math.abs(dx) <= r);
    }
  }
}

function drawSample(out: Float32Array, kind: number, rnd: () => number, h: number, w: number, c: number): void {
  const side = Math.min(h, w);
  const r = side * (0.16 + rnd() * 0.16);
  const cy = r + rnd() * (h - 2 * r), cx = r + rnd() * (w - 2 * r);
  // A light shape on a dark background, each of a random tint, so the shape always shows.
  const colour = (light: boolean) => Array.from({ length: c }, () => (light ? 0.6 + rnd() * 0.4 : rnd() * 0.4));
  const bg = colour(false), fg = colour(true);
  for (let yy = 0; yy < h; yy++) {
    for (let xx = 0; xx < w; xx++) {
      const on = inside(kind, xx + 0.5 - cx, yy + 0.5 - cy, r);
      for (let k = 0; k < c; k++) {
        const v = (on ? fg[k]! : bg[k]!) + (rnd() - 0.5) * 0.1;
        out[(yy * w + xx) * c + k] = Math.min(1, Math.max(0, v));
      }
    }
  }
}
