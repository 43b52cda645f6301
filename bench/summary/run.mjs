// Counting VGG16's parameters: `nnc summary specs/classic/vgg16.nn --format json` as a whole
// process against a PyTorch process that builds VGG16 (by hand, no torchvision) and counts its
// parameters. Several runs each, median seconds and the ratio. Target: nnspec ≥ 20× faster.
// Uses Debian's python3-torch through /usr/bin/python3 if it is there; installs nothing.
// Run after `npm ci` (which builds dist/): node bench/summary/run.mjs [runs]
import { spawnSync } from 'node:child_process';
import { describeTimes, median, timeProcess } from '../process-time.mjs';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[2] ?? 7);
const PYTHON = '/usr/bin/python3';

/** `runs` timed runs of `cmd args` (from the repository's root), alternating with the other command's. */
const time = (cmd, args) => timeProcess(cmd, args, { cwd: root });
const NNC = [path.join(root, 'bin/nnc.js'), 'summary', 'specs/classic/vgg16.nn', '--format', 'json'];

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
// The two alternate, run for run, so that a change in the machine's load touches both alike.
const nncRuns = [];
const torchRuns = [];
for (let i = 0; i < runs; i++) {
  nncRuns.push(time(process.execPath, NNC));
  if (hasTorch) torchRuns.push(time(PYTHON, ['-c', VGG16]));
}
const nncParams = JSON.parse(nncRuns[0].stdout).models[0].totals.params;
console.log(`nnc summary vgg16 (json): ${describeTimes(nncRuns)} over ${runs} runs; ${nncParams.toLocaleString('en-US')} params`);
if (!hasTorch) {
  console.log(`torch: not importable by ${PYTHON} (Debian's python3-torch is not installed); comparison skipped`);
} else {
  const torchParams = Number(torchRuns[0].stdout.trim());
  console.log(`torch VGG16 build + count: ${describeTimes(torchRuns)} over ${runs} runs; ${torchParams.toLocaleString('en-US')} params`);
  if (torchParams !== nncParams) console.log(`warning: counts differ (${torchParams} vs ${nncParams})`);
  const ratio = (key) => median(torchRuns.map((r) => r[key])) / median(nncRuns.map((r) => r[key]));
  const cpu = Number.isNaN(ratio('cpu')) ? '' : `; by CPU time ${ratio('cpu').toFixed(1)}×`;
  console.log(`ratio: nnc is ${ratio('wall').toFixed(1)}× faster by wall-clock time${cpu} (target ≥ 20×)${ratio('wall') >= 20 ? '' : ' — below target'}`);
}
