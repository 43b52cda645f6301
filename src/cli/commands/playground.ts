// `nnc playground [--port N] [--open]`: serves the playground (dist/web/, built by `npm run
// build:web` and shipped in the package) on 127.0.0.1 with a small static file server: GET and
// HEAD only, no directory listings, nothing outside the folder. Runs until interrupted.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, UsageError } from '../output.js';

export interface PlaygroundOptions {
  port: number;
  open?: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
};

/** dist/web of the package this module belongs to (found from here, bundled or not). */
export function webRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin', 'nnc.js'))) return path.join(dir, 'dist', 'web');
    const up = path.dirname(dir);
    if (up === dir) throw new UsageError('cannot find the nnspec package the CLI runs from');
    dir = up;
  }
}

/** The file a request path names inside root, or undefined for anything outside it. */
export function resolveRequest(root: string, url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

export function createServer(root: string): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveRequest(root, req.url ?? '/');
    const stat = file ? fs.statSync(file, { throwIfNoEntry: false }) : undefined;
    if (!file || !stat?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`nnc: could not open a browser (${cmd}); open ${url} yourself\n`));
  child.unref();
}

export async function runPlayground(opts: PlaygroundOptions): Promise<number> {
  const root = webRoot();
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new UsageError(`the playground is not built (no ${path.join(root, 'index.html')}); in a clone, run npm run build:web`);
  }
  const server = createServer(root);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new UsageError(`port ${opts.port} is in use; choose another with --port N (0 picks a free one)`)
        : e.code === 'EACCES' ? new UsageError(`not allowed to listen on port ${opts.port}; choose one above 1023 with --port N`) : e);
    });
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.stdout.write(`nnspec playground: ${url}  (Ctrl+C to stop)\n`);
  if (opts.open) openBrowser(url);
  await new Promise<void>((resolve) => {
    // Open browser tabs keep connections alive: close them too, or stopping would wait for them.
    const stop = () => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.ok;
}
