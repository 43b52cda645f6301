// Training progress on stderr: on a terminal, a bar per epoch (batches, loss, accuracy,
// samples/s, ETA) that leaves one summary line behind; otherwise, or with --quiet, only the
// summary line of each epoch.
import type { EpochRecord } from './record.js';
import type { Progress } from './train.js';

const fmt = (x: number | undefined, d = 4) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));

export function epochLine(prefix: string, r: EpochRecord, epochs: number): string {
  const parts = [`${prefix}epoch ${r.epoch}/${epochs}`, `loss ${fmt(r.loss)}`];
  if (r.accuracy !== undefined) parts.push(`acc ${fmt(r.accuracy)}`);
  if (r.valLoss !== undefined) parts.push(`val_loss ${fmt(r.valLoss)}`);
  if (r.valAccuracy !== undefined) parts.push(`val_acc ${fmt(r.valAccuracy)}`);
  parts.push(`${r.seconds.toFixed(1)}s`, `${Math.round(r.samplesPerSecond)} samples/s`);
  return parts.join('  ');
}

/** `log`, when given, receives each epoch's line instead of stderr (and there is no bar). */
export async function makeProgress(opts: { quiet: boolean; prefix: string; batchSize: number; samples: number; log?: (line: string) => void }): Promise<Progress> {
  const out = process.stderr;
  if (opts.log || opts.quiet || !out.isTTY) {
    const log = opts.log ?? ((line: string) => void out.write(line + '\n'));
    return { epochStart() {}, batchEnd() {}, epochEnd: (r, epochs) => log(epochLine(opts.prefix, r, epochs)) };
  }
  const { SingleBar } = await import('cli-progress');
  let bar: InstanceType<typeof SingleBar> | undefined;
  let started = 0;
  return {
    epochStart(epoch, epochs, batches) {
      bar = new SingleBar({
        format: `${opts.prefix}epoch ${epoch + 1}/${epochs} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | {sps} samples/s | ETA {eta_formatted}`,
        hideCursor: true, clearOnComplete: true, stream: out, etaBuffer: 20,
      });
      started = performance.now();
      bar.start(batches, 0, { loss: '-', acc: '-', sps: '-' });
    },
    batchEnd(batch, loss, accuracy) {
      const seconds = (performance.now() - started) / 1000;
      const done = Math.min(batch * opts.batchSize, opts.samples);
      bar?.update(batch, { loss: fmt(loss), acc: fmt(accuracy), sps: seconds > 0 ? Math.round(done / seconds) : '-' });
    },
    epochEnd(r, epochs) {
      bar?.stop();
      out.write(epochLine(opts.prefix, r, epochs) + '\n');
    },
  };
}
