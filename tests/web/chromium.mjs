// Headless Chromium (Debian's package, no browser download) driven by playwright-core, and
// `nnc playground` on a free port: what the browser tests and bench/web share.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.NNC_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A browser with a fresh profile; `close` removes the profile too. */
export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set NNC_CHROMIUM)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** `nnc playground --port 0` from this checkout; resolves with its URL once it listens. */
export function startPlayground() {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'nnc.js'), 'playground', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const fail = (why) => reject(new Error(`nnc playground did not start: ${why}\n${out}`));
    child.stdout.on('data', (d) => {
      out += d;
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
      if (url) resolve({ url, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGINT'); }) });
    });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => fail(`exit ${code}`));
    child.once('error', (e) => fail(e.message));
  });
}
