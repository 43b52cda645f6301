// Building the native kernels: the build never fails an install (no compiler: one notice, exit 0,
// no add-on), `nnc build-native` builds them inside an installed package, the add-on's shared code
// runs on any x86-64 CPU, the sources compile for ARM64, and when the kernels are missing `auto`
// falls back to wasm and `nnc backends` says why and what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedCopy } from '../installed.js';
import { hasNative } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-native-'));

/** The environment without the switches that turn the native kernels off or force a path. */
const clean = (env: Record<string, string> = {}) => {
  const { NNC_NO_NATIVE: _off, NNC_NATIVE_ISA: _isa, ...rest } = process.env;
  return { ...rest, ...env };
};
const script = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(root, 'scripts/build-native.mjs'), ...args], { encoding: 'utf8', env: clean(env) });
const target = execFileSync(process.env.CXX || 'g++', ['-dumpmachine'], { encoding: 'utf8' }).trim();

type Backends = { auto: string; backends: { name: string; loads: boolean; note: string; isa?: string }[] };
const backends = (nnc: string, cwd: string, env: Record<string, string> = {}): Backends =>
  JSON.parse(execFileSync(process.execPath, [nnc, 'backends', '--json'], { cwd, encoding: 'utf8', env: clean(env), stdio: ['ignore', 'pipe', 'ignore'] }));

describe('building the native kernels', () => {
  it('without a compiler prints one notice, records why, and exits 0 (1 with --strict)', () => {
    const out = tmp();
    const r = script(['--out', out], { CXX: '/nonexistent' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('nnspec: native kernels not built (/nonexistent was not found); nnc will train on the slower JavaScript/WebAssembly kernels. ' +
      'Build them later with: npx nnc build-native\n');
    expect(fs.existsSync(path.join(out, 'nnfast.node'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'build-failure.txt'), 'utf8')).toBe('/nonexistent was not found\n');
    expect(script(['--out', out, '--strict'], { CXX: '/nonexistent' }).status).toBe(1);
    const usage = script(['--out']);
    expect([usage.status, usage.stderr]).toEqual([2, 'build-native: --out needs a folder\n']);
  });

  it('nnc build-native builds the kernels inside a package installed under node_modules', () => {
    const { project, pkg, nnc } = installedCopy();
    const before = backends(nnc, project).backends.find((b) => b.name === 'fast')!;
    expect(before).toEqual({
      name: 'fast', loads: false,
      note: "native kernels unavailable: not built: npm 11 runs a dependency's install script, which builds them, only once approved " +
        '(npm install-scripts approve nnspec, then npm rebuild nnspec); or build them with `npx nnc build-native` (needs g++)',
    });
    const r = spawnSync(process.execPath, [nnc, 'build-native'], { cwd: project, encoding: 'utf8', env: clean() });
    const file = path.join(pkg, 'native', 'build', 'nnfast.node');
    const isas = (require(file) as { isas(): string[] }).isas();
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(`Compiling the native kernels into ${path.join(pkg, 'native', 'build')} …\n` +
      `Built ${file} for ${target} (instruction sets: ${/^x86_64/.test(target) ? 'avx512, avx2, baseline' : 'baseline'}); this CPU uses ${isas[0]}. \`nnc backends\` shows the fast backend.\n`);
    const after = backends(nnc, project);
    expect(after.auto).toBe('fast');
    expect(after.backends.find((b) => b.name === 'fast')).toMatchObject({ loads: true, isa: isas[0] });
  }, 300_000);

  it.skipIf(!hasNative)('a prebuilt add-on for this platform is used when none was built, and a failed build says why', () => {
    const { project, pkg, nnc } = installedCopy();
    fs.mkdirSync(path.join(pkg, 'native', 'build'));
    fs.writeFileSync(path.join(pkg, 'native', 'build', 'build-failure.txt'), 'g++ was not found\n');
    expect(backends(nnc, project).backends.find((b) => b.name === 'fast')).toMatchObject({
      loads: false, note: 'native kernels unavailable: the build failed (g++ was not found); with a C++ compiler (g++) build them with `npx nnc build-native`',
    });
    const prebuilt = path.join(pkg, 'native', 'prebuilt', `${process.platform}-${process.arch}`);
    fs.mkdirSync(prebuilt, { recursive: true });
    fs.copyFileSync(path.join(root, 'native/build/nnfast.node'), path.join(prebuilt, 'nnfast.node'));
    const json = backends(nnc, project);
    expect(json.auto).toBe('fast');
    expect(json.backends.find((b) => b.name === 'fast')).toMatchObject({ loads: true, isa: (require(path.join(prebuilt, 'nnfast.node')) as { isa(): string }).isa() });
  });

  it.skipIf(!hasNative)('keeps AVX instructions inside the AVX2 and AVX-512 copies of the kernels', () => {
    // Every function with a VEX/EVEX instruction (mnemonic v…, or ymm/zmm/mask registers) must be
    // one of the per-instruction-set copies (or a library template instantiated for one of them).
    const asm = execFileSync('objdump', ['-d', '--no-show-raw-insn', '-C', path.join(root, 'native/build/nnfast.node')], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const offenders = new Set<string>();
    let fn = '';
    let vectorFunctions = 0;
    for (const line of asm.split('\n')) {
      const head = /^[0-9a-f]+ <(.*)>:$/.exec(line);
      if (head) {
        fn = head[1]!;
        continue;
      }
      if (/\tv[a-z0-9]+\s|%[yz]mm|%k[0-7]/.test(line)) {
        if (/nnfast::avx(2|512)::/.test(fn)) vectorFunctions++;
        else offenders.add(fn);
      }
    }
    expect([...offenders]).toEqual([]);
    expect(vectorFunctions).toBeGreaterThan(1000);
  });

  it('compiles the sources for ARM64 with the cross compiler when it is installed', () => {
    const out = tmp();
    const cxx = 'aarch64-linux-gnu-g++';
    const r = script(['--out', out], { CXX: cxx });
    expect(r.status).toBe(0);
    if (spawnSync(cxx, ['--version']).error) {
      expect(r.stdout).toMatch(/^nnspec: native kernels not built \(aarch64-linux-gnu-g\+\+ was not found\)/);
      return;
    }
    expect(r.stdout).toBe('');
    const elf = fs.readFileSync(path.join(out, 'nnfast.node'));
    expect([elf.subarray(0, 4).toString('latin1'), elf.readUInt16LE(18)]).toEqual(['\x7fELF', 183]);  // EM_AARCH64
  }, 300_000);

  it('with NNC_NO_NATIVE set, nnc backends reports why fast is unavailable and auto picks wasm', () => {
    const json = backends(path.join(root, 'bin/nnc.js'), root, { NNC_NO_NATIVE: '1' });
    expect(json.auto).toBe('wasm');
    expect(json.backends.find((b) => b.name === 'fast')).toMatchObject({ loads: false, note: 'native kernels unavailable: NNC_NO_NATIVE is set' });
  });
});
