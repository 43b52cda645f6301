// A CSV file: a header row, one label column (named label, class, target or y; else the last
// column) and numeric feature columns. Labels that are all integers are class indices; any other
// labels are class names, numbered in sorted order. Fixed split: every fifth data row (the 5th,
// 10th, ...) is for testing. A bad row names the file and line; --skip-bad skips and counts it.
import * as fs from 'node:fs';
import { DataError, packSplit, type Dataset } from './types.js';

const LABEL_NAMES = ['label', 'class', 'target', 'y'];
export const CSV_SPLIT = 'every fifth data row for testing, the others for training';

const cells = (line: string) => line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));

export function loadCsv(name: string, file: string, skipBad: boolean): Dataset {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read '${file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  const header = cells(lines[0] ?? '');
  if (header.length < 2 || header[0] === '') throw new DataError(`${file}:1: expected a header row with a label column and at least one feature column`);
  const found = header.findIndex((h) => LABEL_NAMES.includes(h.toLowerCase()));
  const labelCol = found >= 0 ? found : header.length - 1;
  const rows: { features: number[]; label: string; line: number }[] = [];
  let skipped = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const row = cells(lines[i]!);
    const problem = row.length !== header.length
      ? `expected ${header.length} values, found ${row.length}`
      : row.map((v, j) => (j !== labelCol && (v === '' || !Number.isFinite(Number(v))) ? `'${header[j]}' is not a number: '${v}'` : '')).find(Boolean);
    if (problem) {
      if (skipBad) { skipped++; continue; }
      throw new DataError(`${file}:${i + 1}: bad row: ${problem} (use --skip-bad to skip such rows)`);
    }
    rows.push({ features: row.filter((_, j) => j !== labelCol).map(Number), label: row[labelCol]!, line: i + 1 });
  }
  if (rows.length === 0) throw new DataError(`${file}: no data rows`);
  const numeric = rows.every((r) => /^\d+$/.test(r.label));
  const classes = numeric
    ? Array.from({ length: Math.max(...rows.map((r) => Number(r.label))) + 1 }, (_, i) => String(i))
    : [...new Set(rows.map((r) => r.label))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const samples = rows.map((r) => ({ x: r.features, y: numeric ? Number(r.label) : index.get(r.label)! }));
  const width = header.length - 1;
  return {
    name,
    sampleShape: [width],
    classes,
    train: packSplit(samples.filter((_, i) => i % 5 !== 4), width),
    test: packSplit(samples.filter((_, i) => i % 5 === 4), width),
    split: CSV_SPLIT,
    skipped,
  };
}
