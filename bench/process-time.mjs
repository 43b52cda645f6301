// Times a whole process: wall-clock seconds, and CPU seconds (user + system) through GNU time
// (/usr/bin/time) when it is installed. On a machine shared with other jobs the wall clock
// stretches with their load, the CPU time much less, so benches report both.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** Runs `cmd args` once; throws if it fails. Returns { wall, cpu (NaN without GNU time), stdout }. */
export function timeProcess(cmd, args, options = {}) {
  const marker = '@@nnc-bench-time';
  const [exe, argv] = hasTime ? [TIME, ['-f', `${marker} %U %S`, cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(exe, argv, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  const m = new RegExp(`${marker} ([\\d.]+) ([\\d.]+)`).exec(r.stderr);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, stdout: r.stdout };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** "0.123 s wall, 0.098 s CPU" over runs: medians. */
export function describeTimes(runs) {
  const cpu = median(runs.map((r) => r.cpu));
  return `median ${median(runs.map((r) => r.wall)).toFixed(3)} s wall${Number.isNaN(cpu) ? '' : `, ${cpu.toFixed(3)} s CPU`}`;
}
