// Bundles the CLI into dist/bundle/ so that `nnc check` starts fast: main.cjs is one file holding
// what `nnc check`, `nnc ir` and `nnc summary` run (every module Node loads costs start-up time);
// any other command line loads program.js, commander's definition of every command, built with
// code splitting so that each command loads only its own chunks. Heavy or native packages (TF.js,
// sharp, prettier, the mnist data) stay external and load only when used.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// chevrotain's entry is lib/src/api.js; its single-file build sits two folders up.
const chevrotainBuild = path.join(path.dirname(fileURLToPath(import.meta.resolve('chevrotain'))), '../chevrotain.min.mjs');

fs.rmSync('dist/bundle', { recursive: true, force: true });

/**
 * Chevrotain is needed only for a file with an error: the bundle reaches it through
 * src/syntax/chevrotain-lazy.ts, which loads dist/bundle/chevrotain.cjs (built below) on first use.
 */
const lazyChevrotain = {
  name: 'lazy-chevrotain',
  setup(build) {
    build.onResolve({ filter: /^\.\/chevrotain\.js$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'syntax', 'lexer.ts')) ? { path: path.resolve('src/syntax/chevrotain-lazy.ts') } : undefined,
    );
  },
};

/** main.ts reaches program.ts at run time, as dist/bundle/program.js: not copied into main.cjs. */
const programApart = {
  name: 'program-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/program\.js$/ }, () => ({ path: './program.js', external: true }));
  },
};

const common = {
  outdir: 'dist/bundle',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // chevrotain ships a single-file build of itself with its dependencies inlined.
  alias: { chevrotain: chevrotainBuild },
  // The grammar is validated by the test suite; the CLI need not redo it at every start.
  define: { 'process.env.NNC_BUNDLED': '"1"' },
  external: ['@tensorflow/*', 'jsonc-parser', 'sharp', 'prettier', 'prettier/*', 'typescript', 'ajv'],
  banner: { js: "import { createRequire as __nnRequire } from 'node:module'; const require = __nnRequire(import.meta.url);" },
};

await esbuild.build({ ...common, entryPoints: ['src/cli/program.ts'], splitting: true, plugins: [lazyChevrotain] });
// main.cjs is CommonJS so that bin/nnc.js can compile it with V8's code cache (bin/load-bundle.js).
await esbuild.build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outdir: undefined,
  outfile: 'dist/bundle/main.cjs',
  format: 'cjs',
  define: { ...common.define, 'import.meta.url': '__nncUrl' },
  banner: { js: "const __nncUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChevrotain, programApart],
});

await esbuild.build({
  entryPoints: [chevrotainBuild],
  outfile: 'dist/bundle/chevrotain.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});

// Nothing in the CLI's own chunks may import Chevrotain: it would load with every command.
for (const file of fs.readdirSync('dist/bundle').filter((f) => f.endsWith('.js') || f === 'main.cjs')) {
  if (fs.readFileSync(path.join('dist/bundle', file), 'utf8').includes('node_modules/chevrotain/')) {
    throw new Error(`dist/bundle/${file} holds Chevrotain, which the bundle loads only from chevrotain.cjs`);
  }
}

// The code cache of main.cjs, made by the command it is for: a summary compiles what check and ir
// compile and more. bin/nnc.js writes it on a run that finds none.
const cache = path.join('dist', 'bundle', 'main.cache');
execFileSync(process.execPath, ['bin/nnc.js', 'summary', 'specs/classic/vgg16.nn', '--format', 'json'], { stdio: 'ignore' });
if (!fs.existsSync(cache)) throw new Error(`bin/nnc.js did not write ${cache}`);
