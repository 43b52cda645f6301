// The language server as an editor talks to it: `nnc lsp --stdio` spawned, JSON-RPC over its
// stdin/stdout, each feature asserted on exact ranges and texts.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

const SPEC = `block conv_block(f) {
  conv(f, padding = same) + bn + relu
  maxpool(2)
}

model cnn {
  input(32, 32, 3)
  conv_block(16)
  maxpol(2)
  flatten
  dense(10) + softmax
}
`;

interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
}

let child: ChildProcess;
let rpc: MessageConnection;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-lsp-'));
const file = path.join(dir, 'net.nn');
const uri = pathToFileURL(file).href;
const diagnostics: { uri: string; diagnostics: Diag[] }[] = [];
let waiting: (() => void) | undefined;

function nextDiagnostics(forUri: string): Promise<Diag[]> {
  return new Promise((resolve) => {
    const check = () => {
      const k = diagnostics.findIndex((d) => d.uri === forUri);
      if (k < 0) return false;
      resolve(diagnostics.splice(k, 1)[0]!.diagnostics);
      return true;
    };
    if (!check()) waiting = () => void (check() && (waiting = undefined));
  });
}

const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const td = { uri };

beforeAll(async () => {
  fs.writeFileSync(file, SPEC);
  child = spawn(process.execPath, ['bin/nnc.js', 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
    diagnostics.push(p);
    waiting?.();
  });
  rpc.listen();
  const init = await rpc.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  expect((init as { capabilities: { inlayHintProvider: boolean } }).capabilities.inlayHintProvider).toBe(true);
  await rpc.sendNotification('initialized', {});
}, 30_000);

afterAll(async () => {
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  rpc.dispose();
  child.kill();
});

describe('nnc lsp', () => {
  it('publishes diagnostics with codes, exact ranges and hints when a file opens', async () => {
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nn', version: 1, text: SPEC } });
    const diags = await nextDiagnostics(uri);
    expect(diags.map((d) => [d.code, d.range, d.message])).toEqual([
      ['NN0102', range(8, 2, 8, 8), "unknown layer 'maxpol'\nhint: did you mean 'maxpool'?"],
    ]);
  });

  it('offers the quick fix the hint names', async () => {
    const actions = (await rpc.sendRequest('textDocument/codeAction', {
      textDocument: td, range: range(8, 2, 8, 8),
      context: { diagnostics: [{ range: range(8, 2, 8, 8), code: 'NN0102', message: "unknown layer 'maxpol'", data: { hint: "did you mean 'maxpool'?" } }] },
    })) as { title: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    expect(actions.map((a) => [a.title, a.edit.changes[uri]])).toEqual([["Change to 'maxpool'", [{ range: range(8, 2, 8, 8), newText: 'maxpool' }]]]);
  });

  it('re-checks after an incremental change', async () => {
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: range(8, 7, 8, 7), text: 'o' }],
    });
    expect(await nextDiagnostics(uri)).toEqual([]);
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: range(10, 10, 10, 10), text: ', activaton = relu' }],
    });
    const diags = await nextDiagnostics(uri);
    expect(diags.map((d) => [d.code, d.range])).toEqual([['NN0201', range(10, 12, 10, 21)]]);
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ range: range(10, 10, 10, 28), text: '' }],
    });
    expect(await nextDiagnostics(uri)).toEqual([]);
  });

  it('hovers a layer with its shape and parameters, and a block call with its totals', async () => {
    const layer = (await rpc.sendRequest('textDocument/hover', { textDocument: td, position: { line: 1, character: 3 } })) as { contents: { value: string } };
    expect(layer.contents.value).toContain('**conv** (Conv2D)');
    expect(layer.contents.value).toContain('cnn › conv_block_1: output **32×32×16** · params **448** · MACs 442.4 K');
    const call = (await rpc.sendRequest('textDocument/hover', { textDocument: td, position: { line: 7, character: 4 } })) as { contents: { value: string } };
    expect(call.contents.value).toContain('- cnn › conv_block_1: 4 layers → output **16×16×16** · params **512**');
    const model = (await rpc.sendRequest('textDocument/hover', { textDocument: td, position: { line: 5, character: 7 } })) as { contents: { value: string } };
    expect(model.contents.value).toContain('params **10,762** (trainable 10,730, non-trainable 32)');
  });

  it('shows output shapes and parameters at the ends of layer lines', async () => {
    const hints = (await rpc.sendRequest('textDocument/inlayHint', { textDocument: td, range: range(0, 0, 12, 0) })) as { position: { line: number; character: number }; label: string }[];
    expect(hints.map((h) => [h.position.line, h.position.character, h.label])).toEqual([
      [1, 37, '→ 32×32×16 · 512 params'],
      [2, 12, '→ 16×16×16'],
      [6, 18, '→ 32×32×3'],
      [7, 16, '→ 16×16×16 · 512 params'],
      [8, 12, '→ 8×8×16'],
      [9, 9, '→ 1024'],
      [10, 21, '→ 10 · 10,250 params'],
    ]);
  });

  it('turns inlay hints off and on through the settings', async () => {
    const request = () => rpc.sendRequest('textDocument/inlayHint', { textDocument: td, range: range(0, 0, 12, 0) }) as Promise<{ label: string }[]>;
    await rpc.sendNotification('workspace/didChangeConfiguration', { settings: { nnspec: { inlayHints: { enabled: true, params: false } } } });
    expect((await request())[0]!.label).toBe('→ 32×32×16');
    await rpc.sendNotification('workspace/didChangeConfiguration', { settings: { nnspec: { inlayHints: { enabled: false } } } });
    expect(await request()).toEqual([]);
    await rpc.sendNotification('workspace/didChangeConfiguration', { settings: { nnspec: { inlayHints: { enabled: true, params: true } } } });
    expect((await request())[0]!.label).toBe('→ 32×32×16 · 512 params');
  });

  it('reports the errors of an imported file on that file', async () => {
    const lib = path.join(dir, 'lib.nn');
    fs.writeFileSync(lib, 'block unit(f) {\n  conv(f) + rleu\n}\n');
    const main = path.join(dir, 'main.nn');
    const mainUri = pathToFileURL(main).href;
    const text = 'import "lib.nn"\n\nmodel m {\n  input(8, 8, 1)\n  unit(4)\n}\n';
    const libDiags = nextDiagnostics(pathToFileURL(lib).href);
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'nn', version: 1, text } });
    expect((await libDiags).map((d) => [d.code, d.range])).toEqual([['NN0101', range(1, 12, 1, 16)]]);
    expect(await nextDiagnostics(mainUri)).toEqual([]);
    const def = await rpc.sendRequest('textDocument/definition', { textDocument: { uri: mainUri }, position: { line: 4, character: 3 } });
    expect(def).toEqual({ uri: pathToFileURL(lib).href, range: range(0, 6, 0, 10) });
    await rpc.sendNotification('textDocument/didClose', { textDocument: { uri: mainUri } });
  });

  it('offers to add flatten or gap before a dense layer on an image', async () => {
    const shapeUri = pathToFileURL(path.join(dir, 'shape.nn')).href;
    const text = 'model a {\n  input(32, 32, 3)\n  conv(64)\n  dense(10)\n}\n';
    const pending = nextDiagnostics(shapeUri);
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: shapeUri, languageId: 'nn', version: 1, text } });
    const [diag] = await pending;
    expect([diag!.code, diag!.range]).toEqual(['NN0401', range(3, 2, 3, 11)]);
    const actions = (await rpc.sendRequest('textDocument/codeAction', { textDocument: { uri: shapeUri }, range: diag!.range, context: { diagnostics: [diag] } })) as { title: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    expect(actions.map((a) => [a.title, a.edit.changes[shapeUri]![0]!.newText, a.edit.changes[shapeUri]![0]!.range])).toEqual([
      ['Add flatten before this layer', '  flatten\n', range(3, 0, 3, 0)],
      ['Add gap before this layer', '  gap\n', range(3, 0, 3, 0)],
    ]);
    await rpc.sendNotification('textDocument/didClose', { textDocument: { uri: shapeUri } });
  });

  it('completes argument names inside conv( and values after padding =', async () => {
    const items = (await rpc.sendRequest('textDocument/completion', { textDocument: td, position: { line: 1, character: 7 } })) as { label: string }[];
    expect(items.slice(0, 5).map((i) => i.label)).toEqual(['filters =', 'kernel =', 'stride =', 'padding =', 'dilation =']);
    const values = (await rpc.sendRequest('textDocument/completion', { textDocument: td, position: { line: 1, character: 20 } })) as { label: string }[];
    expect(values.slice(0, 2).map((i) => i.label)).toEqual(['valid', 'same']);
    const help = (await rpc.sendRequest('textDocument/signatureHelp', { textDocument: td, position: { line: 1, character: 7 } })) as { signatures: { label: string }[]; activeParameter: number };
    expect([help.signatures[0]!.label.slice(0, 36), help.activeParameter]).toEqual(['conv(filters, kernel = 3, stride = 1', 0]);
  });

  it('goes to the definition of a block call and finds its references', async () => {
    const def = await rpc.sendRequest('textDocument/definition', { textDocument: td, position: { line: 7, character: 5 } });
    expect(def).toEqual({ uri, range: range(0, 6, 0, 16) });
    const refs = (await rpc.sendRequest('textDocument/references', { textDocument: td, position: { line: 0, character: 8 }, context: { includeDeclaration: true } })) as { range: unknown }[];
    expect(refs.map((r) => r.range)).toEqual([range(0, 6, 0, 16), range(7, 2, 7, 12)]);
    const rename = (await rpc.sendRequest('textDocument/rename', { textDocument: td, position: { line: 1, character: 7 }, newName: 'filters' })) as { changes: Record<string, { range: unknown }[]> };
    expect(rename.changes[uri]!.map((e) => e.range)).toEqual([range(0, 17, 0, 18), range(1, 7, 1, 8)]);
  });

  it('lists the document symbols and formats through nnc fmt', async () => {
    const symbols = (await rpc.sendRequest('textDocument/documentSymbol', { textDocument: td })) as { name: string; detail: string }[];
    expect(symbols.map((s) => `${s.detail} ${s.name}`)).toEqual(['block conv_block', 'model cnn']);
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ range: range(9, 2, 9, 9), text: 'flatten;gap' }] });
    await nextDiagnostics(uri);
    const edits = (await rpc.sendRequest('textDocument/formatting', { textDocument: td, options: { tabSize: 2, insertSpaces: true } })) as { range: unknown; newText: string }[];
    expect(edits).toHaveLength(1);
    expect(edits[0]!.range).toEqual(range(0, 0, 12, 0));
    expect(edits[0]!.newText).toBe(SPEC.replace('maxpol(', 'maxpool(').replace('  flatten\n', '  flatten\n  gap\n'));
  });
});
