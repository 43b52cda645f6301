// `nnc lsp --stdio`: runs the language server on stdin/stdout until the client exits it.
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node.js';
import { startServer } from '../../lsp/server.js';
import { UsageError } from '../output.js';

export function runLsp(opts: { stdio?: boolean }): Promise<number> {
  if (!opts.stdio) throw new UsageError('nnc lsp speaks the Language Server Protocol over stdio only: give --stdio');
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startServer(connection);
  // The connection exits the process when the client sends `exit`.
  return new Promise<number>(() => undefined);
}
