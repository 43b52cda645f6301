// `prepare` (run by `npm ci` in a clone, and by `npm pack`): compiles src/ into dist/ (the library
// API with its declarations), bundles the CLI into dist/bundle/ and builds the playground into
// dist/web/. An installed package ships dist/ already and has no src/ to compile, so there it does
// nothing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, 'src', 'cli', 'main.ts')) && existsSync(path.join(root, 'tsconfig.json'))) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit', cwd: root });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs')], { stdio: 'inherit', cwd: root });
}
