// A CSV file as a dataset: a header row, a label column (`label`, or the one --label names) and
// numeric feature columns (all the others, or the ones a trained run recorded). Labels are class
// names, text or integers, numbered in sorted order (numerically when all are integers), at most
// MAX_CLASSES of them. Fixed split: every fifth data row (the 5th, 10th, ...) is for testing.
// Every bad row is named by file and line; --skip-bad skips them and lists them instead.
import { readCsvTable, type CsvTable } from './csv-table.js';
import { DataError, listed, packSplit, plural, SHOWN, type Dataset, type DataOptions, type Skipped } from './types.js';

export const CSV_SPLIT = 'every fifth data row for testing, the others for training';
/** More classes than this is almost surely the wrong label column (or an id). */
export const MAX_CLASSES = 1000;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

export interface CsvColumns { label: number; features: number[] }

/**
 * Which columns hold the label and the features. `features` (a trained run's) picks the feature
 * columns by name. For prediction the label column is optional and ignored (-1).
 */
export function csvColumns(file: string, header: string[], opts: Pick<DataOptions, 'label' | 'features'>, predict = false): CsvColumns {
  const empty = header.findIndex((h) => h === '');
  if (empty >= 0) throw new DataError(`${file}:1: column ${empty + 1} of the header has no name; the first row must name every column`);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice !== undefined) throw new DataError(`${file}:1: two columns are named '${twice}'`);
  const wanted = opts.label ?? 'label';
  const label = header.includes(wanted) ? header.indexOf(wanted) : header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
  const columns = header.map((h) => `'${h}'`).join(', ');
  if (opts.features) {
    const missing = opts.features.find((f) => !header.includes(f));
    if (missing !== undefined) throw new DataError(`${file}:1: no column '${missing}', which the model was trained on (columns: ${columns})`);
    return { label: predict ? -1 : label, features: opts.features.map((f) => header.indexOf(f)) };
  }
  if (predict) return { label: -1, features: header.map((_, i) => i).filter((i) => i !== label) };
  if (label < 0) {
    throw new DataError(opts.label
      ? `${file}:1: no column '${opts.label}' (given by --label); columns: ${columns}`
      : `${file}:1: no 'label' column (columns: ${columns}); name the column that holds the classes with --label NAME`);
  }
  const features = header.map((_, i) => i).filter((i) => i !== label);
  if (features.length === 0) throw new DataError(`${file}:1: no feature columns besides the label column '${header[label]}'`);
  return { label, features };
}

/** Why a row cannot be used, or undefined when it can. */
function rowProblem(cells: string[], header: string[], cols: CsvColumns): string | undefined {
  if (cells.length !== header.length) return `${cells.length} values, but the header has ${header.length} columns`;
  if (cols.label >= 0 && cells[cols.label] === '') return `no label in column '${header[cols.label]}'`;
  const bad = cols.features.find((j) => !NUMBER.test(cells[j]!) || !Number.isFinite(Number(cells[j])));
  return bad === undefined ? undefined : `'${cells[bad]}' in column '${header[bad]}' (column ${bad + 1}) is not a number`;
}

export interface CsvRows { table: CsvTable; cols: CsvColumns; rows: { line: number; cells: string[] }[]; skipped: Skipped }

/** The usable rows of a CSV file; bad rows are an error listing them, or skipped with skipBad. */
export function readCsvRows(file: string, opts: DataOptions, predict = false): CsvRows {
  const table = readCsvTable(file, opts.delimiter);
  const cols = csvColumns(file, table.header, opts, predict);
  const skipped: Skipped = { count: 0, items: [], noun: 'bad row' };
  const rows = table.rows.filter((r) => {
    const problem = rowProblem(r.cells, table.header, cols);
    if (problem === undefined) return true;
    if (skipped.count++ < SHOWN) skipped.items.push(`${file}:${r.line}: ${problem}`);
    return false;
  });
  if (skipped.count && !opts.skipBad) {
    throw new DataError(skipped.count === 1
      ? `${skipped.items[0]} (use --skip-bad to skip bad rows)`
      : `${plural(skipped.count, 'bad row')} in ${file} (use --skip-bad to skip them):\n${listed(skipped)}`);
  }
  return { table, cols, rows, skipped };
}

export function loadCsv(name: string, file: string, opts: DataOptions): Dataset {
  const { table, cols, rows, skipped } = readCsvRows(file, opts);
  if (rows.length === 0) throw new DataError(`${file}: no data rows${skipped.count ? ` (${plural(skipped.count, 'bad row')} skipped)` : ''}`);
  if (cols.label < 0) throw new DataError(`${file}:1: no '${opts.label ?? 'label'}' column, so the rows have no classes (columns: ${table.header.map((h) => `'${h}'`).join(', ')})`);
  const labelName = table.header[cols.label]!;
  const names = new Set<string>();
  for (const r of rows) {
    names.add(r.cells[cols.label]!);
    if (names.size > MAX_CLASSES) {
      throw new DataError(`${file}:${r.line}: more than ${MAX_CLASSES.toLocaleString('en-US')} different labels in column '${labelName}'; `
        + `nnc trains classifiers of at most ${MAX_CLASSES.toLocaleString('en-US')} classes (is '${labelName}' the class column? name another with --label NAME)`);
    }
  }
  const classes = [...names];
  if (classes.every((c) => INTEGER.test(c))) classes.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  else classes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classes.map((c, i) => [c, i]));
  const samples = rows.map((r) => ({ x: cols.features.map((j) => Number(r.cells[j])), y: index.get(r.cells[cols.label]!)! }));
  const width = cols.features.length;
  return {
    name,
    sampleShape: [width],
    classes,
    train: packSplit(samples.filter((_, i) => i % 5 !== 4), width),
    test: packSplit(samples.filter((_, i) => i % 5 === 4), width),
    split: CSV_SPLIT,
    skipped,
    csv: { label: labelName, delimiter: table.delimiter, features: cols.features.map((j) => table.header[j]!) },
  };
}
