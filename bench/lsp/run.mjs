// Language-server latency: `nnc lsp --stdio` with the seed's specs/hw4/part2.nn open; each
// incremental edit (a changed dropout rate) is timed from sending didChange to receiving the
// re-checked diagnostics, then an inlay-hint request for the whole file. Target: re-check < 50 ms.
// Run after `npm ci` (which builds dist/): node bench/lsp/run.mjs
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'specs/hw4/part2.nn');
const text = fs.readFileSync(file, 'utf8');
const uri = pathToFileURL(file).href;
const child = spawn(process.execPath, [path.join(root, 'bin/nnc.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let resolveDiags;
rpc.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolveDiags?.(p.diagnostics));
rpc.listen();
const diagnostics = () => new Promise((r) => (resolveDiags = r));

await rpc.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
await rpc.sendNotification('initialized', {});
let pending = diagnostics();
await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nn', version: 1, text } });
await pending;

const lines = text.split('\n');
const line = lines.findIndex((l) => l.includes('dropout(0.5)'));
const col = lines[line].indexOf('0.5');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const recheck = [];
const hints = [];
for (let k = 0; k < 60; k++) {
  const value = (0.1 + (k % 8) * 0.1).toFixed(1);
  pending = diagnostics();
  const t = performance.now();
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: k + 2 },
    contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 3 } }, text: value }],
  });
  const diags = await pending;
  recheck.push(performance.now() - t);
  if (diags.length) throw new Error(`unexpected diagnostics: ${JSON.stringify(diags)}`);
  const h = performance.now();
  await rpc.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
  hints.push(performance.now() - h);
}
const warm = recheck.slice(10);
console.log(`re-check after an edit of specs/hw4/part2.nn (${lines.length} lines, 3 models): median ${median(warm).toFixed(1)} ms, p90 ${p90(warm).toFixed(1)} ms (target < 50 ms)`);
console.log(`inlay hints for the whole file: median ${median(hints.slice(10)).toFixed(1)} ms`);
await rpc.sendRequest('shutdown');
await rpc.sendNotification('exit');
rpc.dispose();
