// `nnc backends`: each TF.js backend, whether it loads here, and if not why and how to get it.
import { EXIT } from '../output.js';

export async function runBackends(opts: { json?: boolean }): Promise<number> {
  const { probeBackends, autoChoice } = await import('../../runtime/backends/index.js');
  const list = await probeBackends();
  const auto = list.find((b) => b.loads && (b.name === autoChoice() || !list.some((x) => x.loads && x.name === autoChoice())))?.name;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ auto, backends: list }, null, 2) + '\n');
    return EXIT.ok;
  }
  const width = Math.max(...list.map((b) => b.name.length));
  const lines = list.map((b) => `${b.name.padEnd(width)}  ${b.loads ? 'yes' : 'no '}  ${b.note}`);
  process.stdout.write([`${'backend'.padEnd(width)}  loads`, ...lines, '', `auto picks: ${auto ?? 'none'}`].join('\n') + '\n');
  return EXIT.ok;
}
