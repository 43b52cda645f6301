// `nnc playground`: the static server behind the page. It serves dist/web/ on 127.0.0.1, GET and
// HEAD only, nothing outside the folder; a port in use or a bad --port is a usage error (exit 2).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../web/chromium.mjs';

let server: { url: string; stop(): Promise<void> };
beforeAll(async () => {
  server = await startPlayground();
});
afterAll(() => server?.stop());

function request(method: string, path: string): Promise<{ status: number; type?: string; length?: string; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], length: res.headers['content-length'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('nnc playground', () => {
  it('serves the page and its files on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await request('GET', '/');
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toBe(fs.readFileSync('dist/web/index.html', 'utf8'));
    expect(await request('GET', '/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    const head = await request('HEAD', '/style.css');
    expect(head).toMatchObject({ status: 200, type: 'text/css; charset=utf-8', length: String(fs.statSync('dist/web/style.css').size), body: '' });
  });

  it('serves nothing else', async () => {
    expect((await request('GET', '/nope.js')).status).toBe(404);
    expect((await request('GET', '/chunks')).status).toBe(404);
    expect((await request('GET', '/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await request('GET', '/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await request('POST', '/')).status).toBe(405);
  });

  it('says when the port is taken, or not a port', async () => {
    const other = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => other.once('listening', r));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const r = spawnSync(process.execPath, ['bin/nnc.js', 'playground', '--port', String(port)], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`nnc: error: port ${port} is in use; choose another with --port N (0 picks a free one)\n`);
    } finally {
      other.close();
    }
    const bad = spawnSync(process.execPath, ['bin/nnc.js', 'playground', '--port', '70000'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('expected a port number from 0 to 65535');
  });
});
