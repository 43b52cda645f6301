// The playground in a real browser: headless Chromium against the page `nnc playground` serves.
// Links, diagnostics while typing, the diagram, the generated code, training and sharing are
// checked against what the CLI computes for the same spec.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../src/analysis/summary.js';
import { compile } from '../../src/check/compile.js';
import { launchChromium, startPlayground } from './chromium.mjs';

const SEED_CNN = 'specs/hw4/part2.nn';
const TINY = `# a tiny MLP for MNIST
model tiny {
  input(28, 28, 1)
  flatten
  dense(16) + relu
  dense(10) + softmax
  train { optimizer: adam(lr = 0.01); loss: categorical_crossentropy; batch: 64; epochs: 1; validation: 0.1; seed: 7 }
}
`;

/** The page draws and checks at once, but a busy CI machine may be slow to paint. */
const POLL = { timeout: 20_000 };

let server: { url: string; stop(): Promise<void> };
let browser: { context: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  expect(fs.existsSync('dist/web/index.html'), 'build the page first: npm run build:web').toBe(true);
  [server, browser] = await Promise.all([startPlayground(), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const link = (text: string, file?: string) => `${server.url}#${file ? `f=${file}&` : ''}s=${compressToEncodedURIComponent(text)}`;

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('html[data-ready=true]');
  expect(errors).toEqual([]);
  return page;
}

describe('the playground page', () => {
  it('shows the exact parameter count of the spec a link holds', async () => {
    const text = fs.readFileSync('specs/classic/lenet5.nn', 'utf8');
    const expected = summarize(compile('specs/classic/lenet5.nn').ir!.models[0]!).totals;
    expect(expected.params).toBe(61_706);
    const page = await open(link(text));
    const totals = page.locator('#panel-summary .totals');
    await expect.poll(() => totals.getAttribute('data-params'), POLL).toBe(String(expected.params));
    expect(await totals.textContent()).toContain('Total params: 61,706');
    expect(await page.locator('#status').textContent()).toMatch(/^✓ 2 models/);
    await page.close();
  });

  it('underlines maxpol(2) with its hint while typing, and clears it when fixed', async () => {
    const page = await open(link('model m {\n  input(28, 28, 1)\n  conv(8, 3)\n  flatten\n  dense(10) + softmax\n}\n'));
    await page.click('.cm-content');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('maxpol(2)');
    const diag = page.locator('#diagnostics li[data-code=NN0102]');
    await diag.waitFor();
    expect(await diag.getAttribute('data-line')).toBe('4');
    expect(await diag.getAttribute('data-column')).toBe('3');
    expect(await diag.locator('.message').textContent()).toBe("unknown layer 'maxpol'");
    expect(await diag.locator('.hint').textContent()).toBe("hint: did you mean 'maxpool'?");
    await expect.poll(() => page.locator('.cm-lintRange-error').allTextContents(), POLL).toEqual(['maxpol']);
    expect(await page.locator('#status').textContent()).toBe('1 error');
    // Fix it: the cursor is after "maxpol(2)"; put the missing "o" after "maxpo".
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('o');
    await expect.poll(() => page.locator('#diagnostics li').count(), POLL).toBe(0);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    expect(await page.locator('#status').textContent()).toBe('✓ 1 model');
    await page.close();
  });

  it("draws one node per layer of the seed's CNN, or one per block call collapsed", async () => {
    const cnn = compile(SEED_CNN).ir!.models.find((m) => m.name === 'cnn')!;
    expect(cnn.nodes.length).toBe(34);
    const page = await open(link(fs.readFileSync(SEED_CNN, 'utf8'), SEED_CNN));
    await page.click('[data-tab=diagram]');
    const nodes = page.locator('#diagram svg g.node');
    // Collapsed, as nnc draw draws it: each of the 5 conv_block calls is one box.
    await expect.poll(() => nodes.count(), POLL).toBe(34 - 25 + 5);
    await page.click('#diagram-expand');
    await expect.poll(() => nodes.count(), POLL).toBe(cnn.nodes.length);
    expect((await nodes.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')))).sort()).toEqual(cnn.nodes.map((n) => n.id).sort());
    expect(await page.locator('#diagram svg path.edge').count()).toBe(cnn.nodes.length - 1);
    expect(await page.locator('#download-svg').getAttribute('download')).toBe('cnn.svg');
    await page.close();
  });

  it('shows the code nnc gen writes for the same spec', async () => {
    const expected = execFileSync(process.execPath, ['bin/nnc.js', 'gen', SEED_CNN, '--target', 'ts'], { encoding: 'utf8' });
    const page = await open(link(fs.readFileSync(SEED_CNN, 'utf8'), SEED_CNN));
    await page.click('[data-tab=code]');
    const code = page.locator('#generated-code');
    await code.waitFor();
    expect(await code.textContent()).toBe(expected);
    expect(await page.locator('#download-code').getAttribute('download')).toBe('part2.ts');
    await page.close();
  });

  it('trains a tiny model for one epoch and shows its test accuracy, offline once loaded', async () => {
    const page = await open(link(TINY));
    // The page fetches TF.js and the MNIST subset once idle; from then on it needs no network.
    await page.waitForLoadState('networkidle');
    await browser.context.setOffline(true);
    try {
      await page.click('[data-tab=train]');
      expect(await page.locator('#train-epochs').inputValue()).toBe('1');
      expect(await page.locator('#train-data').inputValue()).toBe('mnist');
      await page.click('#train-start');
      const result = page.locator('#train-result[data-accuracy]');
      await result.waitFor({ timeout: 90_000 });
      const accuracy = Number(await result.getAttribute('data-accuracy'));
      expect(accuracy).toBeGreaterThan(0.5);
      expect(accuracy).toBeLessThanOrEqual(1);
      expect(await result.textContent()).toMatch(/^test accuracy 0\.\d{4} {2}test loss \d+\.\d{4} {2}\(500 samples\)$/);
      expect(await page.locator('#train-status').textContent()).toMatch(/^finished after 1 epoch in [\d.]+ s on (webgl|cpu)$/);
      expect(await page.locator('#train-backend').textContent()).toMatch(/^backend: (webgl|cpu)/);
      expect(Number(await page.locator('#train-progress').getAttribute('value'))).toBe(Math.ceil(1800 / 64));
      expect(await page.locator('#train-curves svg polyline.train').count()).toBe(2);
    } finally {
      await browser.context.setOffline(false);
    }
    await page.close();
  });

  it('stops training when asked, and still evaluates the model', async () => {
    const page = await open(link(TINY));
    await page.click('[data-tab=train]');
    await page.fill('#train-epochs', '50');
    await page.click('#train-start');
    await page.waitForFunction(() => Number(document.querySelector('#train-progress')?.getAttribute('value')) > 0);
    await page.click('#train-stop');
    await page.locator('#train-result[data-accuracy]').waitFor();
    expect(await page.locator('#train-status').textContent()).toMatch(/^stopped after [0-2] epochs? in [\d.]+ s on (webgl|cpu)$/);
    expect(Number(await page.locator('#train-progress').getAttribute('value'))).toBeLessThan(3 * 29);
    expect(await page.locator('#train-start').isEnabled()).toBe(true);
    expect(await page.locator('#train-stop').isDisabled()).toBe(true);
    await page.close();
  });

  it('formats the spec as nnc fmt does', async () => {
    const messy = 'model   m{input(28,28,1) ;flatten\n dense(10)+softmax   # out\n}\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-fmt-'));
    fs.writeFileSync(path.join(dir, 'm.nn'), messy);
    const expected = execFileSync(process.execPath, ['bin/nnc.js', 'fmt', path.join(dir, 'm.nn')], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    expect(expected).not.toBe(messy);
    const page = await open(link(messy));
    await page.click('#format');
    await page.click('#share');
    const made = await page.locator('#share-link').inputValue();
    expect(decompressFromEncodedURIComponent(made.slice(made.indexOf('#s=') + 3))).toBe(expected);
    await page.close();
  });

  it('makes links that restore the same text', async () => {
    const page = await open(link('model m { input(4); dense(2) }\n'));
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('# spaces at the end   \n\tand a tab, accents é ü, 中文, an emoji 🧠\n\n');
    const text = 'model m { input(4); dense(2) }\n# spaces at the end   \n\tand a tab, accents é ü, 中文, an emoji 🧠\n\n';
    await page.click('#share');
    const made = await page.locator('#share-link').inputValue();
    expect(made.startsWith(`${server.url}#s=`)).toBe(true);
    expect(decompressFromEncodedURIComponent(made.slice(made.indexOf('#s=') + 3))).toBe(text);
    const again = await open(made);
    await again.click('#share');
    expect(await again.locator('#share-link').inputValue()).toBe(made);
    await page.close();
    await again.close();
  });
});
