// report.html: the report's blocks as one self-contained page — inline CSS, the learning curves
// as inline SVG, no scripts and no external requests — readable on screen and when printed.
import type { Block } from './document.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Escapes the text, then turns `code` and **strong** into elements. */
export const inline = (s: string): string =>
  esc(s).replace(/`([^`]*)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 1100px;
  margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
h1 { border-bottom: 2px solid #ddd; padding-bottom: .3em; }
h2 { margin-top: 2em; border-bottom: 1px solid #eee; padding-bottom: .2em; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; background: #f4f4f4; padding: 0 .25em;
  border-radius: 3px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 1em 0; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: .3em .6em; }
th { background: #f6f6f6; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fbfbfb; }
li { margin: .2em 0; }
figure { margin: 1.5em 0; }
figure svg { max-width: 100%; height: auto; }
@media print { body { max-width: none; } figure, table { break-inside: avoid; } }
`;

function table(b: Extract<Block, { kind: 'table' }>): string {
  const head = `<tr>${b.head.map((h) => `<th>${inline(h)}</th>`).join('')}</tr>`;
  const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${b.numeric[i] ? ' class="num"' : ''}>${inline(c)}</td>`).join('')}</tr>`);
  return `<div class="scroll"><table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading': return `<h${b.level}>${inline(b.text)}</h${b.level}>`;
    case 'para': return `<p>${inline(b.text)}</p>`;
    case 'list': return `<ul>\n${b.items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul>`;
    case 'table': return table(b);
    case 'figure': return `<figure>\n${b.picture.svg.trim()}\n</figure>`;
  }
}

export function toHtml(title: string, blocks: Block[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...blocks.map(block),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
