// CSV files as datasets: csv-parse reads quoted fields, `;` and tab delimiters (guessed from the
// header line or given), a byte order mark and \r\n; labels become sorted class names; every bad
// row is named by file and line; limits hold before anything large is allocated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCsv, MAX_CLASSES, readCsvRows } from '../../src/data/csv.js';
import { DataError, type DataOptions } from '../../src/data/types.js';
import { tmpDir } from '../runtime/helpers.js';

const dir = tmpDir('csv');
let n = 0;
/** Writes `text` (a string or raw bytes) to a new .csv file and returns its path. */
function csv(text: string | Buffer): string {
  const file = path.join(dir, `f${n++}.csv`);
  fs.writeFileSync(file, text);
  return file;
}
const load = (text: string | Buffer, opts: DataOptions = {}) => loadCsv('d', csv(text), opts);
/** The DataError message of loading `file`. */
function failure(file: string, opts: DataOptions = {}): string {
  try {
    loadCsv('d', file, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected a DataError');
}
const rows = (split: { x: Float32Array; y: Int32Array; count: number }, width: number) =>
  Array.from({ length: split.count }, (_, i) => [...split.x.slice(i * width, (i + 1) * width)].concat(split.y[i]!));

describe('reading', () => {
  test('quoted fields with delimiters, quotes and line breaks inside; class names sorted', () => {
    const d = load('size,"w, h",label\n1.5,2,"big, yes"\n-3,4e-1,"say ""no"""\n0.25,.5,"two\nlines"\n7,8,big\n9,10,"big, yes"\n');
    expect(d.classes).toEqual(['big', 'big, yes', 'say "no"', 'two\nlines']);
    expect(d.csv).toEqual({ label: 'label', delimiter: ',', features: ['size', 'w, h'] });
    expect(rows(d.train, 2)).toEqual([[1.5, 2, 1], [-3, Math.fround(0.4), 2], [0.25, 0.5, 3], [7, 8, 0]]);
    expect(rows(d.test, 2)).toEqual([[9, 10, 1]]);
    expect(d.sampleShape).toEqual([2]);
  });

  test('; and tab delimiters are found from the header line, or given', () => {
    const semi = load('a;b;label\n1,5;2;x\n3;4;y\n', { skipBad: true });
    expect(semi.csv!.delimiter).toBe(';');
    // '1,5' is not a number: that row is skipped, and its class with it.
    expect(rows(semi.train, 2)).toEqual([[3, 4, 0]]);
    expect(semi.classes).toEqual(['y']);
    expect(semi.skipped).toEqual({ count: 1, items: [`${path.join(dir, 'f1.csv')}:2: '1,5' in column 'a' (column 1) is not a number`], noun: 'bad row' });
    const tab = load('a\tb\tlabel\n1\t2\tx\n3\t4\ty\n');
    expect(tab.csv!.delimiter).toBe('\t');
    expect(rows(tab.train, 2)).toEqual([[1, 2, 0], [3, 4, 1]]);
    // A header with one ';' and two ',' is comma-separated unless told otherwise.
    const given = load('a;x,b,label\n1;z\n', { delimiter: ';', label: 'x,b,label' });
    expect(given.csv).toEqual({ label: 'x,b,label', delimiter: ';', features: ['a'] });
    expect(rows(given.train, 1)).toEqual([[1, 0]]);
  });

  test('a UTF-8 byte order mark and \\r\\n line ends', () => {
    const d = load(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,label\r\n1,x\r\n2,y\r\n')]));
    expect(d.csv!.features).toEqual(['a']);
    expect(rows(d.train, 1)).toEqual([[1, 0], [2, 1]]);
  });

  test('integer labels are class names sorted by value; one huge label is one class', () => {
    const d = load('a,label\n1,10\n2,2\n3,-1\n4,10\n5,2\n');
    expect(d.classes).toEqual(['-1', '2', '10']);
    expect(rows(d.train, 1).map((r) => r[1])).toEqual([2, 1, 0, 2]);
    expect(rows(d.test, 1)).toEqual([[5, 1]]);
    const huge = load('a,label\n1,999999999\n');
    expect(huge.classes).toEqual(['999999999']);
    expect(rows(huge.train, 1)).toEqual([[1, 0]]);
  });

  test('--label names the class column, matched exactly or ignoring case', () => {
    const d = load('Kind,a,b\nx,1,2\ny,3,4\n', { label: 'kind' });
    expect(d.csv).toEqual({ label: 'Kind', delimiter: ',', features: ['a', 'b'] });
    expect(rows(d.train, 2)).toEqual([[1, 2, 0], [3, 4, 1]]);
  });

  test('a trained run\'s feature columns are picked by name, in its order', () => {
    const d = load('b,label,a\n2,x,1\n4,y,3\n', { features: ['a', 'b'] });
    expect(rows(d.train, 2)).toEqual([[1, 2, 0], [3, 4, 1]]);
    const p = readCsvRows(csv('b,a\n2,1\n'), { features: ['a', 'b'] }, true);
    expect(p.cols).toEqual({ label: -1, features: [1, 0] });
  });
});

describe('errors name the file and line', () => {
  test('no label column, or not the one --label names', () => {
    const f = csv('a,b,c\n1,2,3\n');
    expect(failure(f)).toBe(`${f}:1: no 'label' column (columns: 'a', 'b', 'c'); name the column that holds the classes with --label NAME`);
    expect(failure(f, { label: 'kind' })).toBe(`${f}:1: no column 'kind' (given by --label); columns: 'a', 'b', 'c'`);
    const only = csv('label\nx\n');
    expect(failure(only)).toBe(`${only}:1: no feature columns besides the label column 'label'`);
  });

  test('a non-numeric cell names its line and column; a quoted multi-line row its first line', () => {
    const f = csv('a,b,label\n1,2,"x\ny"\n3,abc,z\n');
    expect(failure(f)).toBe(`${f}:4: 'abc' in column 'b' (column 2) is not a number (use --skip-bad to skip bad rows)`);
    const g = csv('a,b,label\n1,0x10,x\n');
    expect(failure(g)).toBe(`${g}:2: '0x10' in column 'b' (column 2) is not a number (use --skip-bad to skip bad rows)`);
  });

  test('several bad rows are all listed, up to 20, then counted', () => {
    const lines = ['a,label', ...Array.from({ length: 25 }, (_, i) => `v${i},x`), '1,x'];
    const f = csv(lines.join('\n'));
    const message = failure(f).split('\n');
    expect(message[0]).toBe(`25 bad rows in ${f} (use --skip-bad to skip them):`);
    expect(message.slice(1, 3)).toEqual([`  ${f}:2: 'v0' in column 'a' (column 1) is not a number`, `  ${f}:3: 'v1' in column 'a' (column 1) is not a number`]);
    expect(message).toHaveLength(22);
    expect(message[21]).toBe('  and 5 more');
    const skipped = loadCsv('d', f, { skipBad: true });
    expect(skipped.skipped.count).toBe(25);
    expect(skipped.skipped.items).toHaveLength(20);
    expect(skipped.skipped.items[19]).toBe(`${f}:21: 'v19' in column 'a' (column 1) is not a number`);
    expect(rows(skipped.train, 1)).toEqual([[1, 0]]);
  });

  test('wrong value counts, empty labels, unclosed quotes', () => {
    const f = csv('a,b,label\n1,2\n3,4,\n');
    expect(failure(f).split('\n')).toEqual([`2 bad rows in ${f} (use --skip-bad to skip them):`, `  ${f}:2: 2 values, but the header has 3 columns`, `  ${f}:3: no label in column 'label'`]);
    const q = csv('a,label\n1,"x\n2,y\n');
    expect(failure(q)).toMatch(new RegExp(`^${q.replace(/[.\\/]/g, '\\$&')}:3: not valid CSV: Quote Not Closed`));
  });

  test('more than MAX_CLASSES labels stop at the first one past the limit', () => {
    const lines = ['a,label', ...Array.from({ length: MAX_CLASSES + 5 }, (_, i) => `1,${i * 7}`)];
    const f = csv(lines.join('\n'));
    expect(failure(f)).toBe(`${f}:${MAX_CLASSES + 2}: more than 1,000 different labels in column 'label'; nnc trains classifiers of at most 1,000 classes (is 'label' the class column? name another with --label NAME)`);
  });

  test('encodings, empty files, header-only files, missing files and folders', () => {
    const u16 = csv(Buffer.from('\ufeffa,label\n1,x\n', 'utf16le'));
    expect(failure(u16)).toBe(`${u16}: the file is UTF-16 text; save it as UTF-8`);
    const latin1 = csv(Buffer.from([0x61, 0x2c, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x0a, 0x31, 0x2c, 0xe9, 0x0a]));
    expect(failure(latin1)).toBe(`${latin1}: the file is not UTF-8 text; save it as UTF-8`);
    const empty = csv('');
    expect(failure(empty)).toBe(`${empty}: the file is empty; expected a header row naming the columns`);
    const header = csv('a,label\n\n');
    expect(failure(header)).toBe(`${header}: no data rows`);
    expect(failure(path.join(dir, 'none.csv'))).toBe(`cannot read '${path.join(dir, 'none.csv')}': no such file`);
    const folder = path.join(dir, 'folder.csv');
    fs.mkdirSync(folder);
    expect(failure(folder)).toBe(`cannot read '${folder}': not a regular file`);
    const twice = csv('a,a,label\n1,2,x\n');
    expect(failure(twice)).toBe(`${twice}:1: two columns are named 'a'`);
  });
});
