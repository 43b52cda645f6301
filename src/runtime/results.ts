// The results table of `nnc train`: per model, each run's test accuracy and loss (with the L1/L2
// penalty, as Keras's evaluate; models with a penalty also get its data-loss and penalty columns),
// and their mean and standard deviation (sample standard deviation, n - 1; none for one run).
// Models sit side by side, one row per run, as text, markdown or JSON.
/** One run's test results and its run folder. */
export interface RunResult { seed: number; accuracy: number | null; loss: number; dataLoss: number; penalty: number; dir: string }
type Stat = { accuracy: number | null; loss: number; dataLoss: number; penalty: number };
/** A model's runs, with the mean and standard deviation over them. */
export interface ModelResults {
  name: string;
  runs: RunResult[];
  mean: Stat;
  /** null with a single run. */
  std: { [K in keyof Stat]: number | null };
}

export function summarize(name: string, runs: RunResult[]): ModelResults {
  const stats = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : null;
    return { mean, std };
  };
  const accs = runs.map((r) => r.accuracy);
  const acc = accs.every((a): a is number => a !== null) ? stats(accs) : null;
  const [loss, dataLoss, penalty] = (['loss', 'dataLoss', 'penalty'] as const).map((k) => stats(runs.map((r) => r[k])));
  return {
    name, runs,
    mean: { accuracy: acc?.mean ?? null, loss: loss!.mean, dataLoss: dataLoss!.mean, penalty: penalty!.mean },
    std: { accuracy: acc?.std ?? null, loss: loss!.std, dataLoss: dataLoss!.std, penalty: penalty!.std },
  };
}

const f = (x: number | null) => (x === null ? '-' : x.toFixed(4));
const COLUMNS = [['accuracy', 'accuracy'], ['loss', 'loss'], ['dataLoss', 'data loss'], ['penalty', 'penalty']] as const;

function rows(models: ModelResults[]): string[][] {
  const columns = (m: ModelResults) => COLUMNS.filter(([k]) => k === 'accuracy' || k === 'loss' || m.runs.some((r) => r.penalty > 0));
  const header = ['run', ...models.flatMap((m) => columns(m).map(([, label]) => `${m.name} ${label}`))];
  const n = Math.max(...models.map((m) => m.runs.length));
  const body = Array.from({ length: n }, (_, i) => [
    String(i + 1),
    ...models.flatMap((m) => columns(m).map(([k]) => (m.runs[i] ? f(m.runs[i]![k]) : ''))),
  ]);
  const single = models.every((m) => m.runs.length === 1);
  const cell = (m: ModelResults, k: keyof Stat) => (single ? f(m.mean[k]) : `${f(m.mean[k])} ± ${f(m.std[k])}`);
  const mean = [single ? 'mean' : 'mean ± std', ...models.flatMap((m) => columns(m).map(([k]) => (m.mean.accuracy === null && k === 'accuracy' ? '-' : cell(m, k))))];
  return [header, ...body, mean];
}

export function formatResults(models: ModelResults[], format: 'text' | 'md' | 'json'): string {
  if (format === 'json') return JSON.stringify({ models }, null, 2);
  const table = rows(models);
  const widths = table[0]!.map((_, j) => Math.max(...table.map((r) => r[j]!.length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join(format === 'md' ? ' | ' : '  ');
  if (format === 'md') {
    const md = (r: string[]) => `| ${line(r)} |`;
    const sep = `| ${widths.map((w, j) => (j === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`;
    return [md(table[0]!), sep, ...table.slice(1).map(md)].join('\n');
  }
  return [line(table[0]!), ...table.slice(1, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(table.at(-1)!)].join('\n');
}
