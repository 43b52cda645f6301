// The last section: every run on its own row (seed, test metrics, epochs, time, folder), the
// numbers behind every mean in the report.
import type { Analysis } from './analyse.js';
import type { Block } from './document.js';
import { code } from './document.js';
import { duration, fixed } from './format.js';

export function runBlocks(an: Analysis): Block[] {
  const penalty = an.penalty ? ['data loss', 'penalty'] : [];
  const accuracy = an.metric === 'accuracy' ? ['test accuracy'] : [];
  const head = ['variant', 'run', 'seed', ...accuracy, 'test loss', ...penalty, 'epochs', 'time', 'folder'];
  const rows = an.variants.flatMap((v) => v.variant.runs.map((r, i) => [
    code(v.variant.label), String(i + 1), String(r.seed), ...(accuracy.length ? [fixed(r.test.accuracy)] : []),
    Number.isFinite(r.test.loss) ? fixed(r.test.loss) : 'diverged',
    ...(an.penalty ? [fixed(r.test.dataLoss), fixed(r.test.penalty)] : []),
    String(r.epochs.length), duration(r.seconds), code(r.dir),
  ]));
  if (rows.length === 0) return [];
  const numeric = head.map((h) => !['variant', 'folder'].includes(h));
  return [{ kind: 'heading', level: 2, text: 'Runs' }, { kind: 'table', head, rows, numeric }];
}
