// How a figure looks: colours per layer family, the text lines of a box, and text widths
// estimated from the font's average character widths (no font is measured).
import type { LayerFamily } from '../layers/types.js';
import { paramText, shapeText, type Box } from './graph.js';

export const FONT = 'Helvetica, Arial, "DejaVu Sans", sans-serif';
export const FONT_SIZE = 12;
export const LINE_HEIGHT = 16;
export const PAD_X = 12;
export const PAD_Y = 9;

/** Fill and border of each family's boxes. */
export const COLOURS: Record<LayerFamily, { fill: string; stroke: string }> = {
  input: { fill: '#f3f4f6', stroke: '#6b7280' },
  conv: { fill: '#dbeafe', stroke: '#2563eb' },
  dense: { fill: '#dcfce7', stroke: '#16a34a' },
  normalization: { fill: '#f3e8ff', stroke: '#9333ea' },
  recurrent: { fill: '#ccfbf1', stroke: '#0d9488' },
  embedding: { fill: '#fef3c7', stroke: '#d97706' },
  pooling: { fill: '#ffedd5', stroke: '#ea580c' },
  activation: { fill: '#fee2e2', stroke: '#dc2626' },
  reshape: { fill: '#f1f5f9', stroke: '#64748b' },
  dropout: { fill: '#fafaf9', stroke: '#a8a29e' },
  merge: { fill: '#fef9c3', stroke: '#ca8a04' },
};

export const EDGE_COLOURS = { flow: '#374151', skip: '#dc2626', branch: '#ca8a04' } as const;

export interface Line {
  text: string;
  bold: boolean;
  muted: boolean;
}

/** Title, the kinds inside a block, then output shape and parameter count. */
export function boxLines(box: Box): Line[] {
  const lines: Line[] = [{ text: box.title, bold: true, muted: false }];
  if (box.detail) lines.push({ text: box.detail, bold: false, muted: true });
  const params = paramText(box.params);
  lines.push({ text: shapeText(box.shape) + (params ? `  ·  ${params}` : ''), bold: false, muted: true });
  return lines;
}

const NARROW = new Set('il.,:;|!\'()[]1 ·');
const WIDE = new Set('mwMW@%×');

/** Width in pixels of `text` at FONT_SIZE; slightly generous so text never overflows its box. */
export function textWidth(text: string, bold = false): number {
  let w = 0;
  for (const c of text) w += NARROW.has(c) ? 0.32 : WIDE.has(c) ? 0.86 : c >= 'A' && c <= 'Z' ? 0.68 : 0.58;
  return w * FONT_SIZE * (bold ? 1.08 : 1);
}
