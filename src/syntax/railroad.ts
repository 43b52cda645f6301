// Railroad diagrams of the grammar, generated from the live parser so they never drift from it.
// grammar/railroad.html holds the output; tests/syntax/railroad.test.ts keeps it current. The
// page is self-contained: chevrotain's diagram scripts and styles are inlined, so it opens offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { getParser } from './parser.js';

const BASE = 'nnspec-diagrams/';

/** chevrotain's diagrams folder (its entry point is lib/src/api.js). */
function diagramsDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.resolve('chevrotain'))), '../../diagrams');
}

/** The HTML page of syntax diagrams for every rule of the .nn grammar. */
export function railroadHtml(): string {
  const html = createSyntaxDiagramsCode(getParser().getSerializedGastProductions(), { resourceBase: BASE, css: `${BASE}diagrams.css` });
  const dir = diagramsDir();
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  return html
    .replace(/<link rel='stylesheet' href='nnspec-diagrams\/([^']+)'>/g, (_, rel: string) => `<style>\n${read(rel)}\n</style>`)
    .replace(/<script src='nnspec-diagrams\/([^']+)'><\/script>/g, (_, rel: string) => `<script>\n${read(rel).replace(/<\/script/gi, '<\\/script')}\n</script>`);
}
