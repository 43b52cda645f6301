// `nnc lsp --stdio`: the language server. Diagnostics as you type for the open file and the files
// it imports; hovers with a layer's documentation, resolved arguments, output shape, parameters
// and MACs; inlay hints with shapes and parameter counts at the ends of layer lines; completion,
// signature help, definitions, references, rename, document symbols, formatting (nnc fmt) and
// quick fixes for the checker's hints.
import {
  CodeActionKind, DiagnosticSeverity, InlayHintKind, MarkupKind, SymbolKind, TextDocumentSyncKind, TextDocuments,
  createConnection, type CodeAction, type Connection, type Diagnostic as LspDiagnostic, type DocumentSymbol, type Hover,
  type InlayHint, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node.js';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatSource } from '../format/format.js';
import { complete, signatureHelp } from './complete.js';
import { hoverAt, inlayHints } from './info.js';
import { definitionSpan } from './names.js';
import { pathToUri, uriToPath, Workspace, type Analysis } from './workspace.js';

export interface Settings {
  inlayHints: { enabled: boolean; params: boolean };
}

export function startServer(connection: Connection = createConnection()): void {
  const ws = new Workspace();
  const documents = new TextDocuments(TextDocument);
  const published = new Map<string, Set<string>>();
  let settings: Settings = { inlayHints: { enabled: true, params: true } };

  connection.onInitialize((params) => {
    if (params.rootUri) ws.root = path.resolve(uriToPath(params.rootUri));
    const opts = params.initializationOptions as Partial<Settings> | undefined;
    if (opts?.inlayHints) settings = { inlayHints: { ...settings.inlayHints, ...opts.inlayHints } };
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['(', ',', '=', ' ', ':'] },
        signatureHelpProvider: { triggerCharacters: ['(', ','] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: false },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'nnc' },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    const nn = (change.settings as { nnspec?: Partial<Settings> } | undefined)?.nnspec;
    if (nn?.inlayHints) settings = { inlayHints: { ...settings.inlayHints, ...nn.inlayHints } };
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  const validate = (uri: string) => {
    const file = uriToPath(uri);
    const analysis = ws.analyse(file);
    const byFile = new Map<string, LspDiagnostic[]>([[file, []]]);
    for (const d of analysis.result.diagnostics) {
      const doc = ws.textOf(analysis, d.span.file);
      if (!doc) continue;
      byFile.set(d.span.file, [...(byFile.get(d.span.file) ?? []), toLsp(d, doc)]);
    }
    const before = published.get(file) ?? new Set<string>();
    for (const f of before) if (!byFile.has(f)) void connection.sendDiagnostics({ uri: pathToUri(f), diagnostics: [] });
    for (const [f, diags] of byFile) void connection.sendDiagnostics({ uri: pathToUri(f), diagnostics: diags });
    published.set(file, new Set(byFile.keys()));
  };

  // Fired when a document opens too.
  documents.onDidChangeContent((e) => {
    ws.open(e.document);
    for (const doc of ws.docs.values()) validate(doc.uri);
  });
  documents.onDidClose((e) => {
    ws.close(e.document.uri);
    for (const f of published.get(uriToPath(e.document.uri)) ?? []) void connection.sendDiagnostics({ uri: pathToUri(f), diagnostics: [] });
    published.delete(uriToPath(e.document.uri));
  });

  const at = (uri: string, pos: Position) => {
    const file = uriToPath(uri);
    const doc = ws.doc(file);
    if (!doc) return undefined;
    return { file, doc, offset: doc.offsetAt(pos), analysis: ws.analyse(file) };
  };

  connection.onHover((p): Hover | null => {
    const c = at(p.textDocument.uri, p.position);
    const text = c && hoverAt(c.analysis, c.file, c.offset);
    return text ? { contents: { kind: MarkupKind.Markdown, value: text } } : null;
  });

  connection.languages.inlayHint.on((p): InlayHint[] => {
    if (!settings.inlayHints.enabled) return [];
    const file = uriToPath(p.textDocument.uri);
    const doc = ws.doc(file);
    if (!doc) return [];
    const hints = inlayHints(ws.analyse(file), file, doc.getText(), settings.inlayHints.params);
    return hints
      .filter((h) => h.line - 1 >= p.range.start.line && h.line - 1 <= p.range.end.line)
      .map((h) => ({ position: { line: h.line - 1, character: h.column }, label: h.label, kind: InlayHintKind.Type, paddingLeft: true }));
  });

  connection.onCompletion((p) => {
    const c = at(p.textDocument.uri, p.position);
    return c ? complete(c.doc.getText(), c.offset, c.analysis.result.files.get(c.file)) : [];
  });

  connection.onSignatureHelp((p) => {
    const c = at(p.textDocument.uri, p.position);
    return c ? signatureHelp(c.doc.getText(), c.offset, c.analysis.result.files.get(c.file)) : null;
  });

  /** The name occurrence under the cursor. */
  const occurrenceAt = (uri: string, pos: Position) => {
    const c = at(uri, pos);
    if (!c) return undefined;
    const occ = c.analysis.names.get(c.file)?.find((o) => o.span.start <= c.offset && c.offset <= o.span.end);
    return occ ? { ...c, occ } : undefined;
  };

  const location = (analysis: Analysis, file: string, start: number, end: number): Location | undefined => {
    const doc = ws.textOf(analysis, file);
    return doc ? { uri: pathToUri(file), range: { start: doc.positionAt(start), end: doc.positionAt(end) } } : undefined;
  };

  connection.onDefinition((p) => {
    const c = occurrenceAt(p.textDocument.uri, p.position);
    if (!c) return null;
    if (c.occ.importFile) return location(c.analysis, c.occ.importFile, 0, 0) ?? null;
    const span = c.occ.target ? definitionSpan(c.analysis.result.files, c.occ.target) : undefined;
    return span ? location(c.analysis, span.file, span.start, span.end) ?? null : null;
  });

  const referencesOf = (c: NonNullable<ReturnType<typeof occurrenceAt>>, withDeclaration: boolean) => {
    const out: { file: string; start: number; end: number }[] = [];
    if (!c.occ.target) return out;
    for (const [file, list] of c.analysis.names) {
      for (const o of list) if (o.target === c.occ.target && (withDeclaration || !o.declaration)) out.push({ file, start: o.span.start, end: o.span.end });
    }
    return out;
  };

  connection.onReferences((p) => {
    const c = occurrenceAt(p.textDocument.uri, p.position);
    if (!c) return [];
    return referencesOf(c, p.context.includeDeclaration).flatMap((r) => location(c.analysis, r.file, r.start, r.end) ?? []);
  });

  connection.onRenameRequest((p): WorkspaceEdit | null => {
    const c = occurrenceAt(p.textDocument.uri, p.position);
    if (!c || !c.occ.target) return null;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.newName)) throw new Error(`'${p.newName}' is not a name`);
    const changes: Record<string, TextEdit[]> = {};
    for (const r of referencesOf(c, true)) {
      const loc = location(c.analysis, r.file, r.start, r.end);
      if (loc) (changes[loc.uri] ??= []).push({ range: loc.range, newText: p.newName });
    }
    return { changes };
  });

  connection.onDocumentSymbol((p): DocumentSymbol[] => {
    const file = uriToPath(p.textDocument.uri);
    const doc = ws.doc(file);
    const source = doc && ws.analyse(file).result.files.get(file);
    if (!doc || !source) return [];
    const range = (s: number, e: number): Range => ({ start: doc.positionAt(s), end: doc.positionAt(e) });
    return source.ast.decls.map((d) => {
      const name = d.kind === 'import' ? d.path.value : d.name.name;
      const nameSpan = d.kind === 'import' ? d.path.span : d.name.span;
      const kind = d.kind === 'block' ? SymbolKind.Function : d.kind === 'let' ? SymbolKind.Constant : d.kind === 'import' ? SymbolKind.Module : SymbolKind.Class;
      return { name, detail: d.kind, kind, range: range(d.span.start, d.span.end), selectionRange: range(nameSpan.start, nameSpan.end) };
    });
  });

  connection.onDocumentFormatting((p): TextEdit[] => {
    const file = uriToPath(p.textDocument.uri);
    const doc = ws.doc(file);
    if (!doc) return [];
    const text = doc.getText();
    let formatted: string | undefined;
    try {
      formatted = formatSource(file, text).text;
    } catch {
      return [];
    }
    if (formatted === undefined || formatted === text) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted }];
  });

  connection.onCodeAction((p): CodeAction[] => {
    const file = uriToPath(p.textDocument.uri);
    const doc = ws.doc(file);
    if (!doc) return [];
    return p.context.diagnostics.flatMap((d) => quickFixes(d, doc, p.textDocument.uri));
  });

  documents.listen(connection);
  connection.listen();
}

function toLsp(d: Diagnostic, doc: TextDocument): LspDiagnostic {
  return {
    range: { start: doc.positionAt(d.span.start), end: doc.positionAt(d.span.end) },
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'nnc',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    ...(d.hint ? { data: { hint: d.hint } } : {}),
  };
}

/** "did you mean 'x'?" replaces the span; "add flatten" puts `flatten` on a line before the statement. */
function quickFixes(d: LspDiagnostic, doc: TextDocument, uri: string): CodeAction[] {
  const hint = (d.data as { hint?: string } | undefined)?.hint ?? '';
  const out: CodeAction[] = [];
  const mean = /did you mean '([^']+)'/.exec(hint);
  if (mean) out.push(fix(`Change to '${mean[1]}'`, d, uri, [{ range: d.range, newText: mean[1]! }], true));
  const add = /add (flatten|gap)\b/.exec(`${d.message} ${hint}`);
  if (add) {
    const line = doc.getText({ start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line + 1, character: 0 } });
    const indent = /^\s*/.exec(line)![0];
    const at = { line: d.range.start.line, character: 0 };
    for (const layer of /add flatten or gap/.test(`${d.message} ${hint}`) ? ['flatten', 'gap'] : [add[1]!]) {
      out.push(fix(`Add ${layer} before this layer`, d, uri, [{ range: { start: at, end: at }, newText: `${indent}${layer}\n` }], layer === 'flatten'));
    }
  }
  return out;
}

function fix(title: string, d: LspDiagnostic, uri: string, edits: TextEdit[], preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [uri]: edits } } };
}
