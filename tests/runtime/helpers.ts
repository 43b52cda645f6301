// Running `nnc` in-process with stdout and stderr captured, and as a real child process (built
// once into .tmp-test-dist/, for tests that kill it).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';

export async function nnc(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

export const tmpDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `nnc-${name}-`));

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, '.tmp-test-dist');

/** Compiles the sources once for child processes (a separate folder: dist/ is the user's). */
export function buildCli(): string {
  const main = path.join(dist, 'cli', 'main.js');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json'), '--outDir', dist], { stdio: 'inherit' });
  return main;
}

export function spawnCli(mainJs: string, argv: string[]): ChildProcess {
  const code = `import(${JSON.stringify(mainJs)}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(argv)}); })`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes a .nn file into `dir` and returns its path. */
export function writeSpec(dir: string, text: string): string {
  const file = path.join(dir, 'spec.nn');
  fs.writeFileSync(file, text);
  return file;
}
