// nnspec as a user gets it: the packed tarball installed into an empty project (from the npm
// cache that `npm ci` filled), its `nnc` run from there, its typed API used from TypeScript, and
// generated code compiled in projects that install only TF.js (hoisted and linked layouts).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandFileArg } from '../../src/cli/files.js';

const repo = process.cwd();
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string; devDependencies: Record<string, string> };
const dev = pkg.devDependencies;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nnspec-package-'));
const project = path.join(work, 'project');
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function npm(cwd: string, args: string[]): string {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: npmEnv });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function newProject(dir: string, deps: string[], extra: string[] = []): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true, type: 'module' }));
  npm(dir, ['install', '--prefer-offline', ...extra, ...deps]);
}

function nnc(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(path.join(project, 'node_modules', '.bin', 'nnc'), args, { cwd: project, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [] as string[], outDir: 'out' },
};

let tarball = '';
let packed: string[] = [];

beforeAll(() => {
  // What `npm pack` ships, built as its prepack step builds it.
  execFileSync(process.execPath, ['scripts/prepack.mjs'], { stdio: 'ignore' });
  const [info] = JSON.parse(npm(repo, ['pack', '--ignore-scripts', '--json', '--pack-destination', work])) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info!.filename);
  packed = info!.files.map((f) => f.path);
  newProject(project, [tarball, `typescript@${dev['typescript']}`, `@types/node@${dev['@types/node']}`, `@tensorflow/tfjs@${dev['@tensorflow/tfjs']}`]);
  fs.copyFileSync('specs/hw4/part1.nn', path.join(project, 'part1.nn'));
}, 600_000);

describe('the packed tarball', () => {
  it('ships the built CLI, the API with its types, the native sources and the license, and no tests', () => {
    for (const f of ['bin/nnc.js', 'bin/load-bundle.js', 'dist/bundle/main.cjs', 'dist/bundle/main.cache', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/api/backend.d.ts',
      'native/gemm.cc', 'scripts/build-native.mjs', 'src/ir/schema.json', 'LICENSE', 'README.md', 'package.json'])
      expect(packed).toContain(f);
    expect(packed.filter((f) => /^(tests|bench|\.ci|specs|generated)\//.test(f) || f.endsWith('.map'))).toEqual([]);
    expect(packed).toContain(`native/prebuilt/${process.platform}-${process.arch}/nnfast.node`);
  });
});

describe('nnc, installed', () => {
  it('prints its version', () => {
    expect(nnc(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('checks a spec', () => {
    expect(nnc(['check', 'part1.nn'])).toMatchObject({ code: 0, stdout: 'part1.nn: ok (6 models)\n' });
  });

  it('starts from the code cache it was packed with', () => {
    const installed = path.join(project, 'node_modules', 'nnspec');
    const code = `import(${JSON.stringify(path.join(installed, 'bin', 'load-bundle.js'))}).then(({ loadBundle }) => console.log(loadBundle(${JSON.stringify(path.join(installed, 'dist', 'bundle', 'main.cjs'))}).cache))`;
    expect(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' })).toBe('used\n');
  });

  it('counts parameters exactly', () => {
    const r = nnc(['summary', 'part1.nn', '--model', 'mlp,mlp_bn', '--format', 'json']);
    expect(r.code).toBe(0);
    const models = (JSON.parse(r.stdout) as { models: { name: string; totals: { params: number; nonTrainable: number } }[] }).models;
    // 784·128+128 + 128·64+64 + 64·10+10; batch norm adds 4·128 + 4·64, half of them moving statistics.
    expect(models.map((m) => [m.name, m.totals.params, m.totals.nonTrainable])).toEqual([['mlp', 109386, 0], ['mlp_bn', 110154, 384]]);
  });

  it('loads the fast backend', () => {
    const r = nnc(['backends', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { auto: string; backends: { name: string; loads: boolean; isa?: string }[] };
    const fast = list.backends.find((b) => b.name === 'fast');
    expect(fast?.loads).toBe(true);
    expect(['avx512', 'avx2', 'baseline']).toContain(fast?.isa);
    expect(list.auto).toBe('fast');
  });

  it('trains on MNIST', () => {
    const r = nnc(['train', 'part1.nn', '--model', 'mlp', '--data', 'mnist', '--epochs', '1', '--limit', '500', '--quiet', '--format', 'json']);
    expect(r.code).toBe(0);
    const [m] = (JSON.parse(r.stdout) as { models: { name: string; runs: { accuracy: number; dir: string }[] }[] }).models;
    expect(m!.name).toBe('mlp');
    expect(m!.runs[0]!.accuracy).toBeGreaterThan(0);
    expect(m!.runs[0]!.accuracy).toBeLessThanOrEqual(1);
    const record = JSON.parse(fs.readFileSync(path.join(project, m!.runs[0]!.dir, 'run.json'), 'utf8')) as { backend: string };
    expect(record.backend).toBe('fast');
  }, 120_000);
});

describe('the library API, installed', () => {
  it('type-checks a consumer that uses every export and prints the counts nnc prints', () => {
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, types: ['node'] }, files: ['use.ts'] }));
    fs.writeFileSync(path.join(project, 'use.ts'), CONSUMER);
    execFileSync(path.join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: project, encoding: 'utf8' });
    const out = execFileSync(process.execPath, ['out/use.js'], { cwd: project, encoding: 'utf8' }).trim().split('\n');
    const cli = JSON.parse(nnc(['summary', 'part1.nn', '--format', 'json']).stdout) as { models: { name: string; totals: { params: number } }[] };
    expect(out[0]).toBe(cli.models.map((m) => `${m.name}=${m.totals.params}`).join(' '));
    expect(out[1]).toBe('compare: mlp 1, mlp_bn 1.0070210081728923');
    expect(out[2]).toBe('NN0102 1:21-1:27 unknown layer \'densee\' (did you mean \'dense\'?)');
    expect(out[3]).toBe('generated:');
    expect(out.slice(4).join('\n')).toBe(nnc(['gen', 'part1.nn', '--target', 'ts']).stdout.trimEnd());
  }, 120_000);

  it('trains a generated model on the fast backend through nnspec/backend', () => {
    fs.writeFileSync(path.join(project, 'part1.ts'), nnc(['gen', 'part1.nn', '--target', 'ts']).stdout);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: ['fit.ts'] }));
    fs.writeFileSync(path.join(project, 'fit.ts'), FIT);
    execFileSync(path.join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: project, encoding: 'utf8' });
    const out = execFileSync(process.execPath, ['out/fit.js'], { cwd: project, encoding: 'utf8' }).trim().split('\n');
    expect(out[0]).toBe('backend fast');
    const [first, last] = out[1]!.split(' ').map(Number);
    expect(last!).toBeLessThan(first!);
  }, 120_000);
});

describe('generated code in a project with only @tensorflow/tfjs', () => {
  const specs = expandFileArg('specs');
  for (const layout of ['hoisted', 'linked']) {
    it(`compiles for every spec under tsc --strict (${layout} node_modules)`, () => {
      const dir = path.join(work, `tfjs-${layout}`);
      newProject(dir, [`@tensorflow/tfjs@${dev['@tensorflow/tfjs']}`], [`--install-strategy=${layout}`]);
      const files = specs.map((spec) => {
        const name = path.basename(spec).replace(/\.nn$/, '.ts');
        const r = spawnSync(process.execPath, [path.join(repo, 'bin/nnc.js'), 'gen', spec, '--target', 'ts', '--tfjs', 'tfjs'], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        fs.writeFileSync(path.join(dir, name), r.stdout);
        return name;
      });
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, noEmit: true }, files }));
      const tsc = spawnSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: dir, encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(fs.readdirSync(path.join(dir, 'node_modules'))).not.toContain('nnspec');
    }, 300_000);
  }
});

const CONSUMER = `
import { readFileSync } from 'node:fs';
import { compare, compileFile, compileSource, generate, runExperiment, summarize } from 'nnspec';
import type { CompareJson, CompileOutput, Diagnostic, ExperimentOutput, GenerateOptions, IrFile, RunExperimentOptions, SummaryJson } from 'nnspec';

const runner: (file: string, options?: RunExperimentOptions) => Promise<ExperimentOutput> = runExperiment;
if (typeof runner !== 'function') throw new Error('runExperiment is not exported');

const result: CompileOutput = compileSource(readFileSync('part1.nn', 'utf8'), { file: 'part1.nn' });
const ir: IrFile | undefined = result.ir;
if (!ir) throw new Error('part1.nn did not compile');
const summary: SummaryJson = summarize(ir);
console.log(summary.models.map((m) => \`\${m.name}=\${m.totals.params}\`).join(' '));
const fromFile = compileFile('part1.nn');
const compared: CompareJson = compare([fromFile.ir!.models[0]!, fromFile.ir!.models[2]!]);
console.log('compare: ' + compared.models.map((m) => \`\${m.name} \${m.ratio.params}\`).join(', '));
const d: Diagnostic = compileSource('model m { input(4); densee(3) }').diagnostics[0]!;
console.log(\`\${d.code} \${d.line}:\${d.column}-\${d.endLine}:\${d.endColumn} \${d.message} (\${d.hint})\`);
const options: GenerateOptions = { target: 'ts' };
const code: string = generate(ir, options);
console.log('generated:');
console.log(code);
`;

const FIT = `
import * as tf from '@tensorflow/tfjs';
import { registerFastBackend } from 'nnspec/backend';
import { models } from './part1.js';

console.log('backend ' + (await registerFastBackend()));
const model = models.mlp();
model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
const xs = tf.randomUniform([64, 784], 0, 1, 'float32', 1);
const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10);
const h = await model.fit(xs, ys, { epochs: 5, batchSize: 16, verbose: 0 });
const loss = h.history['loss'] as number[];
console.log(\`\${loss[0]} \${loss.at(-1)}\`);
`;
