#!/usr/bin/env node
// Entry point of the `nnc` command: runs the compiled CLI from dist/ (built by `npm ci` through `prepare`).
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
