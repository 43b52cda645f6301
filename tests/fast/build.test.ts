// The native build never fails an install (no compiler: one notice, exit 0, no addon), and when the
// kernels are missing `auto` falls back to wasm and says why in one line.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** A copy of the build script and the C++ sources in a fresh folder (the real build stays intact). */
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-native-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.copyFileSync(path.join(root, 'scripts/build-native.mjs'), path.join(dir, 'scripts/build-native.mjs'));
  fs.cpSync(path.join(root, 'native'), path.join(dir, 'native'), { recursive: true, filter: (f) => !f.includes(`${path.sep}build`) });
  return dir;
}

describe('building the native kernels', () => {
  it('without a compiler prints one notice and exits 0', () => {
    const dir = scratch();
    const r = spawnSync(process.execPath, ['scripts/build-native.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CXX: 'no-such-compiler-here' } });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/native kernels not built \(no-such-compiler-here was not found\)/);
    expect(fs.existsSync(path.join(dir, 'native/build/nnfast.node'))).toBe(false);
  });

  it('with NNC_NO_NATIVE set, nnc backends reports why fast is unavailable and auto picks wasm', () => {
    const out = execFileSync(process.execPath, [path.join(root, 'bin/nnc.js'), 'backends', '--json'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, NNC_NO_NATIVE: '1' }, stdio: ['ignore', 'pipe', 'ignore'],
    });
    const json = JSON.parse(out) as { auto: string; backends: { name: string; loads: boolean; note: string }[] };
    expect(json.auto).toBe('wasm');
    expect(json.backends.find((b) => b.name === 'fast')).toMatchObject({ loads: false, note: 'native kernels unavailable: NNC_NO_NATIVE is set' });
  });
});
