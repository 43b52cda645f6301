// The open documents and what the compiler says about them. Each open file is compiled with a
// host that serves the editor's text for open files (so imports see unsaved edits) and the disk
// for the rest; results are cached per document version.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compile, type CompileResult } from '../check/compile.js';
import { diskHost, isInside } from '../check/sources.js';
import type { SourceFile } from '../check/load.js';
import { collectFacts, type Facts } from './facts.js';
import { occurrences, type Occurrence } from './names.js';

export interface Analysis {
  result: CompileResult;
  facts: Facts | undefined;
  /** Name occurrences per loaded file. */
  names: Map<string, Occurrence[]>;
}

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? path.normalize(fileURLToPath(uri)) : uri;
}

export function pathToUri(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

export class Workspace {
  readonly docs = new Map<string, TextDocument>();
  private readonly cache = new Map<string, { version: number; epoch: number; analysis: Analysis }>();
  /** The editor's workspace folder, when it has one. */
  root: string | undefined;
  /** Bumped on every edit: another open file's edit can change what an import sees. */
  private epoch = 0;

  open(doc: TextDocument): void {
    this.docs.set(uriToPath(doc.uri), doc);
    this.epoch++;
  }

  close(uri: string): void {
    this.docs.delete(uriToPath(uri));
    this.cache.delete(uriToPath(uri));
    this.epoch++;
  }

  touched(): void {
    this.epoch++;
  }

  doc(file: string): TextDocument | undefined {
    return this.docs.get(file);
  }

  analyse(file: string): Analysis {
    const doc = this.docs.get(file);
    const version = doc?.version ?? -1;
    const hit = this.cache.get(file);
    if (hit && hit.version === version && hit.epoch === this.epoch) return hit.analysis;
    const host = {
      readFile: (f: string) => this.docs.get(path.normalize(f))?.getText() ?? diskHost.readFile(f),
      realPath: (f: string) => diskHost.realPath?.(f),
    };
    // Imports may reach anywhere in the editor's workspace folder.
    const root = this.root && isInside(path.resolve(file), this.root) ? this.root : path.dirname(file);
    // The editor reads the IR's models and experiments, never its structure section.
    const result = compile(file, { host, root, structure: false, ...(doc ? { text: doc.getText() } : {}) });
    const names = new Map<string, Occurrence[]>();
    for (const [f, source] of result.files) names.set(f, occurrences(source));
    const analysis = { result, facts: collectFacts(result), names };
    this.cache.set(file, { version, epoch: this.epoch, analysis });
    return analysis;
  }

  /** A loaded file's text as a TextDocument, for offset ↔ position conversions. */
  textOf(analysis: Analysis, file: string): TextDocument | undefined {
    const open = this.docs.get(file);
    if (open) return open;
    const source: SourceFile | undefined = analysis.result.files.get(file);
    return source ? TextDocument.create(pathToUri(file), 'nn', 0, source.text) : undefined;
  }
}
