// The playground's budgets, in headless Chromium against `nnc playground` on this machine:
// - interactive within 2 s: navigation to the page's `nn-ready` mark (editor up, spec checked,
//   summary drawn), median of cold loads (a fresh browser context each, nothing cached);
// - re-check within 50 ms: a keystroke in the seed's CNN (specs/hw4/part2.nn) to its diagnostics
//   shown (`nn-check`) and to the visible panel redrawn (`nn-update`), median and worst of 40;
// - the bundle's size: what loads first, what loads on demand, raw and gzipped.
// Run after `npm ci` (which builds dist/web): node bench/web/run.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import lz from 'lz-string';
import { CHROMIUM, startPlayground } from '../../tests/web/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'dist', 'web');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

/** Files the page loads before it is interactive: index.html, style.css, app.js and its static imports. */
function initialFiles() {
  const files = new Set(['index.html', 'style.css']);
  const visit = (rel) => {
    if (files.has(rel)) return;
    files.add(rel);
    const text = fs.readFileSync(path.join(web, rel), 'utf8');
    for (const m of text.matchAll(/(?:^|[;}])\s*import\s*(?:[^'"();]*?from\s*)?["'](\.\/[^"']+)["']/g)) visit(path.posix.join(path.posix.dirname(rel), m[1]));
  };
  visit('app.js');
  return files;
}

function sizes() {
  const all = fs.readdirSync(web, { recursive: true }).filter((f) => fs.statSync(path.join(web, f)).isFile() && !f.endsWith('.LEGAL.txt'));
  const initial = initialFiles();
  const row = (f) => {
    const data = fs.readFileSync(path.join(web, f));
    return { file: f, raw: data.length, gzip: f.endsWith('.bin') ? data.length : zlib.gzipSync(data, { level: 9 }).length };
  };
  const rows = all.map(row);
  const sum = (list, k) => list.reduce((a, r) => a + r[k], 0);
  const first = rows.filter((r) => initial.has(r.file));
  const later = rows.filter((r) => !initial.has(r.file));
  return { rows, first: { raw: sum(first, 'raw'), gzip: sum(first, 'gzip') }, later: { raw: sum(later, 'raw'), gzip: sum(later, 'gzip') } };
}

const s = sizes();
console.log('bundle (dist/web):');
for (const r of s.rows.sort((a, b) => b.raw - a.raw)) console.log(`  ${r.file.padEnd(28)} ${kib(r.raw).padStart(9)}  gzip ${kib(r.gzip).padStart(8)}`);
console.log(`  first load: ${kib(s.first.raw)} (gzip ${kib(s.first.gzip)}); on demand (code generation, TF.js, MNIST): ${kib(s.later.raw)} (gzip ${kib(s.later.gzip)})`);

const server = await startPlayground();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const seed = fs.readFileSync(path.join(root, 'specs/hw4/part2.nn'), 'utf8');
  const url = `${server.url}#f=specs/hw4/part2.nn&s=${lz.compressToEncodedURIComponent(seed)}`;
  const loads = [];
  for (let i = 0; i < 6; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('html[data-ready=true]');
    const ready = await page.evaluate(() => performance.getEntriesByName('nn-ready')[0].startTime);
    if (i > 0) loads.push(ready); // the first load also warms the server's disk cache
    await context.close();
  }
  console.log(`interactive: median ${median(loads).toFixed(0)} ms, worst ${Math.max(...loads).toFixed(0)} ms over ${loads.length} cold loads (budget 2000 ms)`);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-ready=true]');
  await page.waitForTimeout(3000); // the page fetches what training needs once idle: let it finish
  await page.click('.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# a comment typed one key at a time.......', { delay: 60 });
  await page.waitForTimeout(300);
  const measures = await page.evaluate(() => ['nn-check', 'nn-update'].map((n) => performance.getEntriesByName(n).map((e) => e.duration)));
  const [checks, updates] = measures.map((xs) => xs.slice(2));
  const compileMs = Number(await page.locator('#status').getAttribute('data-ms'));
  console.log(`re-check after a keystroke (specs/hw4/part2.nn, ${checks.length} keys): diagnostics shown in median ${median(checks).toFixed(1)} ms, 90th percentile ${p90(checks).toFixed(1)} ms, worst ${Math.max(...checks).toFixed(1)} ms (budget 50 ms); panel redrawn in median ${median(updates).toFixed(1)} ms, worst ${Math.max(...updates).toFixed(1)} ms; compile and analysis alone ${compileMs.toFixed(1)} ms`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
