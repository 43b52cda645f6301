#!/usr/bin/env node
// Entry point of the `nnc` command: runs the bundled CLI, dist/bundle/main.cjs (built by `npm ci`
// through `prepare`), with the code cache beside it (load-bundle.js). `nnc check`, `nnc ir` and
// `nnc summary` run from it alone; any other command loads dist/bundle/program.js. CommonJS, as
// everything in bin/ (bin/package.json): Node starts a CommonJS entry sooner than an ES module.
'use strict';
const path = require('node:path');
const { loadBundle } = require('./load-bundle.js');

// A reader that stops early (`nnc ... | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const file = path.join(__dirname, '..', 'dist', 'bundle', 'main.cjs');
let bundle;
try {
  bundle = loadBundle(file);
} catch (e) {
  if (e.code !== 'ENOENT' || e.path !== file) throw e;
  process.stderr.write(`nnc: error: ${file} is missing: in a clone of nnspec, run \`npm ci\` (it builds dist/); else reinstall the package\n`);
  process.exit(70);
}
let programLoaded = false;
const loadProgram = () => {
  programLoaded = true;
  return import('../dist/bundle/program.js');
};
bundle.exports.main(process.argv.slice(2), loadProgram).then((code) => {
  process.exitCode = code;
  // The cache is written (when none was used) by a command the bundle ran itself: it then holds
  // what that command compiled. The build's is made by a VGG16 summary, which compiles the most.
  if (!programLoaded) bundle.save();
});
