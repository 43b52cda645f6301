// The results table of `nnc train`: per model, each run's test accuracy and loss, and their mean
// and standard deviation (sample standard deviation, n - 1; 0 for one run). Models sit side by
// side, one row per run, as text, markdown or JSON.
export interface RunResult { seed: number; accuracy: number | null; loss: number; dir: string }
export interface ModelResults {
  name: string;
  runs: RunResult[];
  mean: { accuracy: number | null; loss: number };
  std: { accuracy: number | null; loss: number };
}

export function summarize(name: string, runs: RunResult[]): ModelResults {
  const stats = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return { mean, std };
  };
  const accs = runs.map((r) => r.accuracy);
  const acc = accs.every((a): a is number => a !== null) ? stats(accs) : null;
  const loss = stats(runs.map((r) => r.loss));
  return { name, runs, mean: { accuracy: acc?.mean ?? null, loss: loss.mean }, std: { accuracy: acc?.std ?? null, loss: loss.std } };
}

const f = (x: number | null) => (x === null ? '-' : x.toFixed(4));
const pm = (m: number | null, s: number | null) => (m === null ? '-' : `${f(m)} ± ${f(s)}`);

function rows(models: ModelResults[]): string[][] {
  const header = ['run', ...models.flatMap((m) => [`${m.name} accuracy`, `${m.name} loss`])];
  const n = Math.max(...models.map((m) => m.runs.length));
  const body = Array.from({ length: n }, (_, i) => [
    String(i + 1),
    ...models.flatMap((m) => (m.runs[i] ? [f(m.runs[i]!.accuracy), f(m.runs[i]!.loss)] : ['', ''])),
  ]);
  const mean = ['mean ± std', ...models.flatMap((m) => [pm(m.mean.accuracy, m.std.accuracy), pm(m.mean.loss, m.std.loss)])];
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
