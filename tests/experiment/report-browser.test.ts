// report.html in a real browser (Debian's Chromium, as the playground's tests use): it parses into
// the expected document, lays its pictures out at full size, and requests nothing but itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeReport } from '../../src/experiment/report/index.js';
import { launchChromium } from '../web/chromium.mjs';
import { part1 } from './fixture.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-report-html-'));
let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('report.html renders offline: headings, tables and five pictures, no request but the page', async () => {
  const { html } = writeReport(tmp, part1());
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(pathToFileURL(html).href);
  const doc = await page.evaluate(() => ({
    title: document.title,
    h2: [...document.querySelectorAll('h2')].map((h) => h.textContent),
    tables: document.querySelectorAll('table').length,
    rows: document.querySelectorAll('tbody tr').length,
    svgs: [...document.querySelectorAll('figure svg')].map((s) => Math.round(s.getBoundingClientRect().width)),
    strong: document.querySelectorAll('td strong').length,
  }));
  await page.close();
  expect(requests).toEqual([pathToFileURL(html).href]);
  expect(errors).toEqual([]);
  expect(doc.title).toBe('Experiment part1: report');
  expect(doc.h2).toEqual(['Model size', 'Test results', "Comparisons: Welch's t-test on test accuracy", 'Learning curves', 'Diagnostics', 'Runs']);
  // Model size and test results (16 rows each), one table per grid axis (8 pairs each).
  expect(doc.tables).toBe(2 + 4 + 1);
  expect(doc.rows).toBe(16 + 16 + 4 * 8 + 16 * 2);
  expect(doc.svgs).toEqual([840, 840, 840, 840, 840]);
  expect(doc.strong).toBe(8 + 8);
});
