// Running Debian's PyTorch (/usr/bin/python3) from tests. A machine without it fails the tests
// with the fix, never skips them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatePython } from '../../src/codegen/pytorch/module.js';
import type { IrFile } from '../../src/ir/types.js';

export const PYTHON = '/usr/bin/python3';

export function requireTorch(): void {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`PyTorch or Pillow is not installed for ${PYTHON}: apt-get install -y python3-torch python3-pil\n${r.stderr ?? r.error}`);
  }
}

/** Runs a Python script with JSON on stdin; returns its stdout parsed as JSON. */
export function python<T>(script: string, input: unknown, args: string[] = []): T {
  const r = spawnSync(PYTHON, [script, ...args], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export const tmpDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-torch-'));

/** Writes the generated module of an IR into `dir` and returns its path. */
export function writeModule(dir: string, name: string, ir: IrFile): string {
  const file = path.join(dir, `${name}.py`);
  fs.writeFileSync(file, generatePython({ ir }));
  return file;
}

export const HERE = path.dirname(new URL(import.meta.url).pathname);
