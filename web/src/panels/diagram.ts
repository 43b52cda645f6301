// The diagram panel: the figure `nnc draw` makes (ELK's layered layout, one box per layer or per
// block call, families in colour, skip connections dashed), with blocks collapsed or expanded and
// the SVG to download. Loaded on first use: the layout engine is large.
import { drawModel } from '../../../src/draw/draw.js';
import type { IrModel } from '../../../src/ir/types.js';
import { clear, h } from '../dom.js';

let url: string | undefined;

export async function renderDiagram(panel: HTMLElement, model: IrModel, expand: boolean, onExpand: (expand: boolean) => void): Promise<void> {
  const svg = await drawModel(model, { expand });
  if (url) URL.revokeObjectURL(url);
  url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  const toggle = h('input', { type: 'checkbox', id: 'diagram-expand', checked: expand });
  toggle.addEventListener('change', () => onExpand(toggle.checked));
  const figure = h('div', { class: 'figure', id: 'diagram' });
  figure.innerHTML = svg;
  clear(panel,
    h('div', { class: 'toolbar' }, h('label', {}, toggle, ' expand blocks'), h('a', { class: 'button', id: 'download-svg', download: `${model.name}.svg`, href: url }, `Download ${model.name}.svg`)),
    figure);
}
