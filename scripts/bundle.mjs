// Bundles the CLI into dist/bundle/ so `nnc check` starts fast: Node resolves a few files
// instead of the hundreds of modules chevrotain's dependencies are split into. Heavy or native
// packages (TF.js, sharp, prettier, the mnist data) stay external and load only when used.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// chevrotain's entry is lib/src/api.js; its single-file build sits two folders up.
const chevrotainBuild = path.join(path.dirname(fileURLToPath(import.meta.resolve('chevrotain'))), '../chevrotain.min.mjs');

fs.rmSync('dist/bundle', { recursive: true, force: true });

await esbuild.build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
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
});
