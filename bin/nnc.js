#!/usr/bin/env node
// Entry point of the `nnc` command: runs the compiled CLI from dist/ (built by `npm ci` through `prepare`).
import { main } from '../dist/bundle/main.js';

// A reader that stops early (`nnc ... | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
