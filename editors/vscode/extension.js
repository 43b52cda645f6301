// The nnspec extension: registers the .nn language (grammar and configuration come from
// package.json) and starts the installed `nnc lsp --stdio` as its language server.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function settings() {
  const config = vscode.workspace.getConfiguration('nnspec');
  return {
    command: config.get('server.path', 'nnc'),
    inlayHints: { enabled: config.get('inlayHints.enabled', true), params: config.get('inlayHints.params', true) },
  };
}

async function activate(context) {
  const { command, inlayHints } = settings();
  const server = { command, args: ['lsp', '--stdio'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient('nnspec', 'nnspec language server', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'nn' }, { scheme: 'untitled', language: 'nn' }],
    initializationOptions: { inlayHints },
    synchronize: { configurationSection: 'nnspec' },
  });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nnspec.server.path')) vscode.commands.executeCommand('workbench.action.reloadWindow');
    }),
  );
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(`nnspec: could not start '${command} lsp --stdio' (${e.message}). Install nnspec (npm install -g nnspec) or set nnspec.server.path.`);
  }
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
