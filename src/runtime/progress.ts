// Training progress on stderr. On a terminal, one line redrawn per batch: the epoch, a bar,
// batches done, the running means of loss and accuracy over the epoch so far (as Keras shows
// them), throughput, and the ETA of the epoch and of the whole run; it fits the terminal's width
// (fields drop in a fixed order when it is narrow) and leaves one summary line per epoch behind.
// Otherwise, or with --quiet, only the summary lines.
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

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.round(seconds);
  const p = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}` : `${Math.floor(s / 60)}:${p(s % 60)}`;
}

export interface BarState {
  prefix: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running means over the epoch so far. */
  loss: number;
  accuracy?: number;
  samplesPerSecond?: number;
  /** Seconds left in this epoch, and in the whole run. */
  epochEta?: number;
  runEta?: number;
}

/**
 * The progress line for a terminal `width` columns wide. Fields are dropped, least useful first
 * (the bar, throughput, the run's ETA, accuracy), until the line fits.
 */
export function barLine(s: BarState, width: number): string {
  const head = `${s.prefix}epoch ${s.epoch}/${s.epochs}`;
  const fields: { key: string; text: string }[] = [
    { key: 'count', text: `${s.batch}/${s.batches}` },
    { key: 'loss', text: `loss ${fmt(s.loss)}` },
    ...(s.accuracy !== undefined ? [{ key: 'acc', text: `acc ${fmt(s.accuracy)}` }] : []),
    ...(s.samplesPerSecond !== undefined ? [{ key: 'speed', text: `${Math.round(s.samplesPerSecond)}/s` }] : []),
    { key: 'eta', text: `ETA ${duration(s.epochEta ?? NaN)}` },
    ...(s.epochs > 1 ? [{ key: 'run', text: `run ${duration(s.runEta ?? NaN)}` }] : []),
  ];
  const dropOrder = ['speed', 'run', 'acc', 'count'];
  const join = (fs: typeof fields) => fs.map((f) => f.text).join(' ');
  let kept = fields;
  for (const key of dropOrder) {
    // A bar of at least 10 columns ([====>    ]) is worth showing; below that it goes first.
    if (head.length + 1 + join(kept).length + 1 + 10 <= width) break;
    if (head.length + 1 + join(kept).length <= width) return `${head} ${join(kept)}`;
    kept = kept.filter((f) => f.key !== key);
  }
  const rest = join(kept);
  const room = width - head.length - rest.length - 2;
  if (room < 10) return `${head} ${rest}`.slice(0, width);
  const inner = room - 2;
  const filled = Math.min(inner, Math.floor((inner * s.batch) / Math.max(1, s.batches)));
  const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (filled === inner ? '=' : '>') : ''}${' '.repeat(inner - filled)}]`;
  return `${head} ${bar} ${rest}`;
}

/** `log`, when given, receives each epoch's line instead of stderr (and there is no bar). */
export async function makeProgress(opts: { quiet: boolean; prefix: string; batchSize: number; samples: number; log?: (line: string) => void }): Promise<Progress> {
  const out = process.stderr;
  if (opts.log || opts.quiet || !out.isTTY) {
    const log = opts.log ?? ((line: string) => void out.write(line + '\n'));
    return { epochStart() {}, batchEnd() {}, epochEnd: (r, epochs) => log(epochLine(opts.prefix, r, epochs)) };
  }
  return terminalProgress(out, opts);
}

function terminalProgress(out: NodeJS.WriteStream, opts: { prefix: string; batchSize: number; samples: number }): Progress {
  let state: BarState | undefined;
  let started = 0, lastDraw = 0, lossSum = 0, accSum = 0, seen = 0;
  const draw = () => out.write(`\r${barLine(state!, Math.max(20, (out.columns ?? 80) - 1))}\x1b[K`);
  return {
    epochStart(epoch, epochs, batches) {
      started = performance.now();
      lastDraw = 0;
      lossSum = accSum = seen = 0;
      state = { prefix: opts.prefix, epoch: epoch + 1, epochs, batch: 0, batches, loss: NaN };
      draw();
    },
    batchEnd(batch, loss, accuracy) {
      if (!state) return;
      // Running means weighted by samples, as Keras's progress bar shows them.
      const n = Math.min(opts.batchSize, opts.samples - seen);
      seen += n;
      lossSum += loss * n;
      if (accuracy !== undefined) accSum += accuracy * n;
      const seconds = (performance.now() - started) / 1000;
      const perBatch = seconds / batch;
      const epochEta = perBatch * (state.batches - batch);
      state = {
        ...state, batch, loss: lossSum / seen, ...(accuracy !== undefined ? { accuracy: accSum / seen } : {}),
        samplesPerSecond: seconds > 0 ? seen / seconds : undefined,
        epochEta, runEta: epochEta + perBatch * state.batches * (state.epochs - state.epoch),
      };
      const now = performance.now();
      if (now - lastDraw > 100 || batch === state.batches) {
        lastDraw = now;
        draw();
      }
    },
    epochEnd(r, epochs) {
      out.write('\r\x1b[K' + epochLine(opts.prefix, r, epochs) + '\n');
    },
  };
}
