// A laid-out graph as a standalone SVG: rounded boxes coloured by layer family (blocks drawn
// with a double border), arrows between them; skip connections dashed red and merge branches
// yellow. Boxes are `<g class="node" data-id>` and arrows `<path class="edge" data-from data-to>`.
import type { Layout } from './layout.js';
import { boxLines, COLOURS, EDGE_COLOURS, FONT, FONT_SIZE, LINE_HEIGHT, PAD_Y } from './style.js';

export function toSvg(layout: Layout, title: string): string {
  const out: string[] = [];
  const top = 34;
  const width = Math.ceil(Math.max(layout.width, 240));
  const height = Math.ceil(layout.height + top);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family='${FONT}' font-size="${FONT_SIZE}">`);
  out.push(`<title>${esc(title)}</title>`);
  out.push('<defs>');
  for (const [kind, colour] of Object.entries(EDGE_COLOURS)) {
    out.push(`<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`);
  }
  out.push('</defs>');
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="24" y="24" font-size="15" font-weight="bold" fill="#111827">${esc(title)}</text>`);
  out.push(`<g transform="translate(0,${top})">`);
  for (const f of layout.frames) {
    out.push(`<g class="frame"><rect x="${f.x}" y="${f.y}" width="${f.width}" height="${f.height}" rx="9" fill="#f8fafc" fill-opacity="0.6" stroke="#94a3b8" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${f.x + 10}" y="${f.y + 18}" font-weight="bold" fill="#475569">${esc(f.title)}</text></g>`);
  }
  for (const r of layout.routes) {
    const d = r.points.map((p, k) => `${k ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const dash = r.kind === 'skip' ? ' stroke-dasharray="6 4"' : '';
    const w = r.kind === 'flow' ? 1.4 : 1.8;
    out.push(`<path class="edge" data-from="${esc(r.from)}" data-to="${esc(r.to)}" data-kind="${r.kind}" d="${d}" fill="none" stroke="${EDGE_COLOURS[r.kind]}" stroke-width="${w}"${dash} marker-end="url(#arrow-${r.kind})"/>`);
  }
  for (const p of layout.boxes) {
    const c = COLOURS[p.box.family];
    out.push(`<g class="node" data-id="${esc(p.box.id)}" data-family="${p.box.family}">`);
    out.push(`<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" rx="7" fill="${c.fill}" stroke="${c.stroke}" stroke-width="${p.box.block ? 2.2 : 1.2}"/>`);
    if (p.box.block) out.push(`<rect x="${p.x + 3}" y="${p.y + 3}" width="${p.width - 6}" height="${p.height - 6}" rx="5" fill="none" stroke="${c.stroke}" stroke-width="0.8"/>`);
    boxLines(p.box).forEach((l, k) => {
      const y = p.y + PAD_Y + FONT_SIZE - 2 + k * LINE_HEIGHT;
      const style = `${l.bold ? ' font-weight="bold"' : ''} fill="${l.muted ? '#4b5563' : '#111827'}"`;
      out.push(`<text x="${p.x + p.width / 2}" y="${y}" text-anchor="middle"${style}>${esc(l.text)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
