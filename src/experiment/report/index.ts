// The experiment's report: report.md with one row per variant (static size, mean test accuracy
// and loss over the runs) and report.html with the same table, written into the report folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExperimentResults, ExperimentVariant } from '../types.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);

function cells(v: ExperimentVariant): string[] {
  const acc = v.runs.map((r) => r.test.accuracy).filter((a): a is number => a !== null);
  const loss = v.runs.map((r) => r.test.loss);
  const stat = (xs: number[]) => (xs.length ? `${mean(xs).toFixed(4)} ± ${std(xs).toFixed(4)}` : '-');
  return [v.label, v.static.params.toLocaleString('en-US'), String(v.runs.length), stat(acc), stat(loss)];
}

const HEADER = ['variant', 'params', 'runs', 'test accuracy (mean ± std)', 'test loss (mean ± std)'];

export function writeReport(dir: string, results: ExperimentResults): { md: string; html: string } {
  const rows = results.variants.map(cells);
  const md = [
    `# Experiment ${results.name}`, '',
    `${results.file}, data ${results.data}, ${results.runs} run${results.runs === 1 ? '' : 's'} per variant, backend ${results.backend}.`, '',
    `| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), '',
  ].join('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = `<!doctype html><meta charset="utf-8"><title>${esc(results.name)}</title><h1>Experiment ${esc(results.name)}</h1>
<table><tr>${HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>
${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</table>
`;
  const mdFile = path.join(dir, 'report.md');
  const htmlFile = path.join(dir, 'report.html');
  fs.writeFileSync(mdFile, md);
  fs.writeFileSync(htmlFile, html);
  return { md: mdFile, html: htmlFile };
}
