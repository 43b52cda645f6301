// Reading a CSV file into a header and rows of text cells with csv-parse: quoted fields ("big,
// yes", doubled quotes, line breaks inside quotes), a UTF-8 byte order mark, \n or \r\n line ends,
// cells trimmed, blank lines skipped. The delimiter is `,`, `;` or a tab, whichever the header
// line has most of outside quotes (`,` when it has none), unless one is given. Each row keeps the
// line it starts on for messages. A file that is not UTF-8 text or not valid CSV (an unclosed
// quote) is a DataError naming the file and line.
import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DataError } from './types.js';

export interface CsvTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
  delimiter: string;
}

/** Larger files are refused unread: a JavaScript string holds at most about 512 MB. */
const MAX_BYTES = 500 * 1024 * 1024;
const DELIMITERS = [',', ';', '\t'];

export function readCsvTable(file: string, delimiter?: string): CsvTable {
  const text = readText(file);
  const firstLine = text.includes('\n') ? text.slice(0, text.indexOf('\n')) : text;
  const found = delimiter ?? guessDelimiter(firstLine);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: found, record_delimiter: '\n', info: true, relax_column_count: true, skip_empty_lines: true, trim: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new DataError(`${file}:${err.lines ?? 1}: not valid CSV: ${err.message.replace(/ at line \d+/, '').replace(/\.$/, '')}`);
  }
  // csv-parse counts lines up to a record's end; a record starts as many lines earlier as its
  // quoted cells hold line breaks.
  const rows = records.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
  const header = rows.shift();
  if (!header) throw new DataError(`${file}: the file is empty; expected a header row naming the columns`);
  return { header: header.cells, rows, delimiter: found };
}

/** The file as text, with \r\n and \r made \n and a UTF-8 byte order mark dropped. */
function readText(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new DataError(`cannot read '${file}': no such file`);
  if (!stat.isFile()) throw new DataError(`cannot read '${file}': not a regular file`);
  if (stat.size > MAX_BYTES) throw new DataError(`${file}: ${stat.size.toLocaleString('en-US')} bytes; CSV files of at most ${MAX_BYTES.toLocaleString('en-US')} bytes can be read`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new DataError(`cannot read '${file}': ${(e as Error).message}`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DataError(`${file}: the file is UTF-16 text; save it as UTF-8`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(`${file}: the file is not UTF-8 text; save it as UTF-8`);
  }
  if (text.includes('\0')) throw new DataError(`${file}: the file holds NUL bytes, so it is not UTF-8 text (UTF-16?); save it as UTF-8`);
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** The candidate found most often outside quotes in the header line; `,` when none is. */
function guessDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((d) => unquoted.split(d).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : DELIMITERS[counts.indexOf(best)]!;
}
