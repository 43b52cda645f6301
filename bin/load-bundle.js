// Loads the CLI's CommonJS bundle with V8's code cache, so that a command does not compile the
// bundle anew at every start (Node 20 keeps no code cache for ES modules). The cache sits beside
// the bundle (main.cjs → main.cache) as a checksum of the bundle's text and the cache (checksum.js),
// then the cache V8 made. V8 checks only the length of the text a cache was made for and aborts the
// process on a damaged cache, so the checksum is checked first: a cache that is missing, damaged,
// made for another text or refused by this Node's V8 costs only the compile, and save() writes a
// fresh one where the folder is writable.
// CommonJS, as everything in bin/ (bin/package.json): Node starts a CommonJS entry sooner.
'use strict';
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { checksum } = require('./checksum.js');

const SUM_BYTES = 8;

/** The file's path with its extension replaced by `.cache`. */
const cacheFileOf = (file) => file.replace(/\.[^./]*$/, '') + '.cache';

/**
 * Runs the CommonJS file `file` (module.exports is returned as `exports`) compiled with its cache.
 * `cache` says how the cache was found: `used` (V8 took it), or why the file was compiled without
 * it: `missing`, `damaged` (its checksum does not match, or it is far too large to be one) or
 * `rejected` (by V8, made by another version or with other V8 flags). `save()` writes a
 * new cache when the one found was not used; it never throws.
 */
function loadBundle(file) {
  const cacheFile = cacheFileOf(file);
  const text = fs.readFileSync(file);
  const source = text.toString('utf8');
  let stored;
  let cache = 'missing';
  try {
    // A cache is a little smaller than the text it was made for; anything far larger is not one,
    // and is not read.
    if (fs.statSync(cacheFile).size > 4 * text.length + 65536) cache = 'damaged';
    else stored = fs.readFileSync(cacheFile);
  } catch {
    // None, or not a readable file: as missing.
  }
  let cachedData;
  if (stored) {
    const data = stored.subarray(SUM_BYTES);
    if (stored.length > SUM_BYTES && checksum(text, data).equals(stored.subarray(0, SUM_BYTES))) cachedData = data;
    else cache = 'damaged';
  }
  // The wrapper is Node's own for CommonJS, on the bundle's first line so that its lines keep their numbers.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (cachedData) cache = script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    cache,
    /** Saves what V8 has compiled so far (call it after the work the cache should cover). */
    save() {
      if (cache === 'used') return;
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.accessSync(path.dirname(file), fs.constants.W_OK);
        const data = script.createCachedData();
        fs.writeFileSync(temp, Buffer.concat([checksum(text, data), data]));
        fs.renameSync(temp, cacheFile);
        cache = 'used';
      } catch {
        fs.rmSync(temp, { force: true });
      }
    },
  };
}

module.exports = { loadBundle };
