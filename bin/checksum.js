// A 64-bit checksum of byte arrays, for telling a damaged or stale code cache from a good one at
// every start of `nnc`. Not a cryptographic digest: whoever can write the cache can write the
// bundle. node:crypto would cost 3–5 ms to load, a loop in JavaScript as much before V8 optimizes
// it, so the loop is this WebAssembly function, built here from its instructions (under 0.2 ms;
// where WebAssembly cannot have memory, the same loop in JavaScript):
//
//   mix(a, b, n): for each little-endian 32-bit word w of memory[0, n):
//                   a = (a ^ w) * 0x5bd1e995; a ^= a >>> 15
//                   b = (b ^ w) * 0x27d4eb2f; b ^= b >>> 13
//                 returns b << 32 | a (as unsigned 32-bit halves)
//
// Each part is zero-padded to whole words, and its length is mixed in after it.
'use strict';

const M1 = 0x5bd1e995 | 0;
const M2 = 0x27d4eb2f | 0;
const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9e3779b9 | 0;

/** Unsigned and signed LEB128, as WebAssembly encodes numbers. */
function uleb(v) {
  const out = [];
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}
function sleb(v) {
  const out = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const I32 = 0x7f;
const I64 = 0x7e;
const [A, B, N, I] = [0, 1, 2, 3]; // the parameters a, b, n and the local i
const op = {
  block: 0x02, loop: 0x03, void: 0x40, end: 0x0b, br: 0x0c, brIf: 0x0d,
  get: 0x20, set: 0x21, tee: 0x22, load: 0x28, i32: 0x41, i64: 0x42,
  geU: 0x4f, add: 0x6a, mul: 0x6c, xor: 0x73, shrU: 0x76, or64: 0x84, shl64: 0x86, extendU: 0xad,
};

/** h = (h ^ memory[i]) * mul; h ^= h >>> shift */
const lane = (h, mul, shift) => [
  op.get, h, op.get, I, op.load, 2, 0, op.xor, op.i32, ...sleb(mul), op.mul,
  op.tee, h, op.get, h, op.i32, shift, op.shrU, op.xor, op.set, h,
];

const body = [
  1, 1, I32, // one local of type i32: i
  op.block, op.void, op.loop, op.void,
  op.get, I, op.get, N, op.geU, op.brIf, 1, // i >= n: done
  ...lane(A, M1, 15),
  ...lane(B, M2, 13),
  op.get, I, op.i32, 4, op.add, op.set, I, op.br, 0, // i += 4, again
  op.end, op.end,
  op.get, B, op.extendU, op.i64, 32, op.shl64, op.get, A, op.extendU, op.or64,
  op.end,
];

const section = (id, items) => {
  const bytes = [items.length, ...items.flat()];
  return [id, ...uleb(bytes.length), ...bytes];
};
const name = (s) => [s.length, ...Buffer.from(s)];

const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
  ...section(1, [[0x60, 3, I32, I32, I32, 1, I64]]), // type 0: (i32, i32, i32) → i64
  ...section(3, [[0]]), // function 0 has type 0
  ...section(5, [[0, 1]]), // a memory of at least 1 page
  ...section(7, [[...name('mix'), 0, 0], [...name('memory'), 2, 0]]),
  ...section(10, [[...uleb(body.length), ...body]]),
]);

/** The same sums in plain JavaScript, for where WebAssembly cannot run (see checksum). */
function mixInJs(a, b, bytes) {
  for (let i = 0; i < bytes.length; i += 4) {
    // Past the end, the zeros of the padding.
    const w = bytes[i] | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    a = Math.imul(a ^ w, M1);
    a ^= a >>> 15;
    b = Math.imul(b ^ w, M2);
    b ^= b >>> 13;
  }
  return [a, b];
}

/** The instance's exports once made; false where it cannot be. */
let wasm;

/** mix over `part` in WebAssembly; undefined where its memory cannot be had. */
function mixInWasm(a, b, part) {
  if (wasm === false) return undefined;
  try {
    // V8 reserves gigabytes of address space for any WebAssembly memory: under a limit on virtual
    // memory (`ulimit -v`) this throws, and the JavaScript loop does the work instead.
    wasm ??= new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports;
    const memory = wasm.memory;
    const pages = Math.ceil((part.length + 4) / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
  } catch {
    wasm ||= false;
    return undefined;
  }
  const view = new Uint8Array(wasm.memory.buffer);
  view.set(part);
  view.fill(0, part.length, part.length + 4);
  const mixed = wasm.mix(a, b, (part.length + 3) & ~3);
  return [Number(BigInt.asIntN(32, mixed)), Number(BigInt.asIntN(32, mixed >> 32n))];
}

function sum(parts, useWasm) {
  let a = SEED_A;
  let b = SEED_B;
  for (const part of parts) {
    [a, b] = (useWasm && mixInWasm(a, b, part)) || mixInJs(a, b, part);
    a = Math.imul(a ^ part.length, M1);
    b = Math.imul(b ^ part.length, M2);
  }
  const out = Buffer.alloc(8);
  out.writeUInt32LE(a >>> 0, 0);
  out.writeUInt32LE(b >>> 0, 4);
  return out;
}

/** The 8-byte checksum of the parts (byte arrays), in order. */
const checksum = (...parts) => sum(parts, true);
/** The same, by the JavaScript loop alone (what checksum falls back to). */
const checksumInJs = (...parts) => sum(parts, false);

module.exports = { checksum, checksumInJs };
