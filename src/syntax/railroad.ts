// Railroad diagrams of the grammar, generated from the live parser so they never drift from it.
// grammar/railroad.html holds the output; tests/syntax/railroad.test.ts keeps it current.
import { createSyntaxDiagramsCode } from 'chevrotain';
import { parser } from './parser.js';

/** The HTML page of syntax diagrams for every rule of the .nn grammar. */
export function railroadHtml(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}
