// The generated-code panel: the TypeScript module `nnc gen FILE --target ts` writes, made by the
// same generator and formatted by the same prettier, with copy and download.
import { generateTs } from '../../../src/codegen/module.js';
import type { Checked } from '../check.js';
import { clear, h } from '../dom.js';

/** The module for a checked spec; the header names the spec by the playground's file name. */
export const generatedCode = (c: Checked): Promise<string> => generateTs({ ir: c.result.ir!, source: c.file });

let url: string | undefined;

export function renderCode(panel: HTMLElement, code: string, file: string): void {
  if (url) URL.revokeObjectURL(url);
  url = URL.createObjectURL(new Blob([code], { type: 'text/typescript' }));
  const name = `${file.split('/').pop()!.replace(/\.nn$/, '')}.ts`;
  const status = h('span', { class: 'note', role: 'status' });
  const copy = h('button', { type: 'button', id: 'copy-code' }, 'Copy');
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(code).then(() => (status.textContent = 'copied'), () => (status.textContent = 'the browser did not allow copying: select the text instead'));
  });
  const download = h('a', { id: 'download-code', class: 'button', download: name, href: url }, `Download ${name}`);
  clear(panel, h('div', { class: 'toolbar' }, copy, download, status), h('pre', { class: 'code', id: 'generated-code' }, code));
}
