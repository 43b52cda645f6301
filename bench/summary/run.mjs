// Counting VGG16's parameters: `nnc summary specs/classic/vgg16.nn --format json` as a whole
// process against a PyTorch process that builds VGG16 (by hand, no torchvision) and counts its
// parameters. Several runs each, median seconds and the ratio. Target: nnspec ≥ 20× faster.
// Uses Debian's python3-torch through /usr/bin/python3 if it is there; installs nothing.
// Run after `npm ci` (which builds dist/): node bench/summary/run.mjs [runs]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[2] ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PYTHON = '/usr/bin/python3';

/** Wall-clock seconds of `cmd args`, `runs` times; throws if it fails. Returns [times, last stdout]. */
function time(cmd, args) {
  const times = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
    times.push((performance.now() - t) / 1000);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    out = r.stdout;
  }
  return [times, out];
}

const [nncTimes, json] = time(process.execPath, [path.join(root, 'bin/nnc.js'), 'summary', 'specs/classic/vgg16.nn', '--format', 'json']);
const nncParams = JSON.parse(json).models[0].totals.params;
const nnc = median(nncTimes);
console.log(`nnc summary vgg16 (json): median ${nnc.toFixed(3)} s over ${runs} runs; ${nncParams.toLocaleString('en-US')} params`);

const VGG16 = `
import torch
from torch import nn
cfg = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']
layers, c = [], 3
for v in cfg:
    if v == 'M':
        layers.append(nn.MaxPool2d(2))
    else:
        layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
        c = v
model = nn.Sequential(*layers, nn.Flatten(), nn.Linear(512 * 7 * 7, 4096), nn.ReLU(),
                      nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000))
print(sum(p.numel() for p in model.parameters()))
`;

const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) {
  console.log(`torch: not importable by ${PYTHON} (Debian's python3-torch is not installed); comparison skipped`);
} else {
  const [torchTimes, out] = time(PYTHON, ['-c', VGG16]);
  const torch = median(torchTimes);
  const torchParams = Number(out.trim());
  console.log(`torch VGG16 build + count: median ${torch.toFixed(3)} s over ${runs} runs; ${torchParams.toLocaleString('en-US')} params`);
  if (torchParams !== nncParams) console.log(`warning: counts differ (${torchParams} vs ${nncParams})`);
  const ratio = torch / nnc;
  console.log(`ratio: nnc is ${ratio.toFixed(1)}× faster (target ≥ 20×)${ratio >= 20 ? '' : ' — below target'}`);
}
