// The IDX file format of the MNIST distribution: a big-endian header (two zero bytes, a type
// code, the number of dimensions, then each dimension as a 32-bit integer) followed by the
// values. nnspec reads only unsigned bytes (type 0x08), the type of every MNIST file. A file
// whose header, size or values do not fit is a DataError that names the file and what is wrong.
import * as fs from 'node:fs';
import { DataError } from './types.js';

const UBYTE = 0x08;

export interface IdxArray {
  dims: number[];
  /** The values after the header, row-major. */
  data: Uint8Array;
}

/** Parses an IDX file of unsigned bytes with `rank` dimensions. */
export function parseIdx(file: string, bytes: Uint8Array, rank: number): IdxArray {
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new DataError(`${file}: not an IDX file: ${bytes.length} bytes, shorter than its ${header}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expected = (UBYTE << 8) | rank;
  if (magic !== expected) {
    throw new DataError(`${file}: not an IDX file of ${rank}-D unsigned bytes: magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected.toString(16).padStart(8, '0')}`);
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new DataError(`${file}: truncated or corrupt: the header announces ${dims.join(' x ')} = ${size} values but the file holds ${bytes.length - header}`);
  }
  return { dims, data: bytes.subarray(header) };
}

export function readIdx(file: string, rank: number): IdxArray {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new DataError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseIdx(file, bytes, rank);
}
