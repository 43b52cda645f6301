// `bench/train --sweep`: throughput against thread count and batch size. For each thread count
// (1 up to the machine's cores) and batch size, nnspec (its native kernels set to that many
// threads) and PyTorch (torch.set_num_threads) train and infer the same model on the same
// synthetic data, one after the other, the one going first alternating; it prints samples/s of
// both and their ratio, and how each scales from one thread.
import * as os from 'node:os';
import * as path from 'node:path';
import { alternate, nnspecSession, torchRound } from './sides.mjs';

/** Samples per measurement: enough for about a second or two of work on this class of machine. */
const SAMPLES = { cnn: { train: 160, infer: 480 }, mlp: { train: 8000, infer: 32000 } };
const BATCHES = { cnn: [1, 8, 32, 64], mlp: [1, 8, 32, 128] };

export async function sweep(tf, backend, ir, which, root, batchesArg) {
  const { loadNative } = await import(path.join(root, 'dist/runtime/fast/addon.js'));
  const nk = backend === 'fast' ? loadNative() : null;
  const cores = os.cpus().length;
  const threads = [...new Set([1, Math.max(1, cores >> 1), cores])].sort((a, b) => a - b);
  const batches = batchesArg ?? BATCHES[which];
  const samples = SAMPLES[which];
  const rows = [];
  let k = 0;
  for (const batch of batches) {
    const steps = Math.max(2, Math.ceil((which === 'cnn' && batch === 1 ? samples.train / 4 : samples.train) / batch));
    const inferSteps = Math.max(2, Math.ceil(samples.infer / batch));
    const m = { batch, steps, inferSteps };
    const session = await nnspecSession(tf, backend, ir, m, root);
    for (const n of threads) {
      const before = nk ? nk.threads() : undefined;
      if (nk) nk.threads(n);
      const { ours, torch } = await alternate(k++, () => session.round(), () => torchRound(ir, m, root, { threads: n }));
      if (nk) nk.threads(before);
      rows.push({ batch, threads: n, ours, torch });
      process.stderr.write(`  batch ${batch}, ${n} thread${n > 1 ? 's' : ''}: done\n`);
    }
    session.dispose();
  }
  print(rows, threads);
}

function print(rows, threads) {
  const fmt = (v) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const one = (r, side, phase) => rows.find((x) => x.batch === r.batch && x.threads === threads[0])?.[side]?.[phase];
  const head = ['batch', 'threads', 'phase', 'nnspec samples/s', 'PyTorch samples/s', 'nnspec/PyTorch', 'nnspec vs 1 thread', 'PyTorch vs 1 thread'];
  const body = [];
  for (const r of rows) {
    for (const phase of ['train', 'infer']) {
      const t = r.torch.missing ? undefined : r.torch[phase];
      body.push([String(r.batch), String(r.threads), phase === 'train' ? 'training' : 'inference', fmt(r.ours[phase]), fmt(t),
        t ? `${(r.ours[phase] / t).toFixed(2)}×` : '—', `${(r.ours[phase] / one(r, 'ours', phase)).toFixed(2)}×`,
        t ? `${(t / one(r, 'torch', phase)).toFixed(2)}×` : '—']);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  // By reason: PyTorch's batch norm refuses a batch of one in training, which Keras normalizes.
  const missing = new Map();
  for (const r of rows.filter((x) => x.torch.missing)) missing.set(r.torch.missing, [...new Set([...(missing.get(r.torch.missing) ?? []), r.batch])]);
  for (const [why, batches] of missing) console.log(`\nPyTorch did not run at batch ${batches.join(', ')}: ${why}`);
}
