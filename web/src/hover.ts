// What hovering a place in the spec shows, from the IR alone: on a layer, each node it became in
// each model (output shape, parameters); on a block call, that call's totals per model; on a
// model's name, the model's totals. Pure: a compile result and a 1-based line and column in.
import type { CompileResult } from '../../src/check/compile.js';
import type { IrLocation, IrModel, IrNode } from '../../src/ir/types.js';
import { int } from '../../src/analysis/table.js';
import { formatShape } from '../../src/layers/types.js';

export interface HoverInfo {
  /** Where the hover applies, as a 1-based range on the line. */
  line: number;
  column: number;
  endColumn: number;
  /** Lines of text, the first a title. */
  lines: string[];
}

const MAX_LINES = 8;
const paramsOf = (n: IrNode) => n.weights.reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);
const plural = (n: number, word: string) => `${int(n)} ${word}${n === 1 ? '' : 's'}`;

function contains(loc: IrLocation, file: string, line: number, column: number): boolean {
  if (loc.file !== file) return false;
  if (line < loc.line || line > loc.endLine) return false;
  return !(line === loc.line && column < loc.column) && !(line === loc.endLine && column >= loc.endColumn);
}

/** Wider spans contain narrower ones (a residual's merge contains the layers inside it): the narrowest wins. */
const width = (l: IrLocation) => (l.endLine - l.line) * 10_000 + (l.endColumn - l.column);

function capped(lines: string[]): string[] {
  return lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES - 1), `… and ${lines.length - MAX_LINES + 1} more`];
}

export function hoverAt(result: CompileResult, file: string, line: number, column: number): HoverInfo | undefined {
  const models = result.ir?.models ?? [];
  return layerHover(models, file, line, column) ?? modelHover(models, file, line, column) ?? blockHover(result, models, file, line, column);
}

function layerHover(models: IrModel[], file: string, line: number, column: number): HoverInfo | undefined {
  const hits = models.flatMap((m) => m.nodes.filter((n) => contains(n.loc, file, line, column)).map((n) => ({ m, n })));
  if (!hits.length) return undefined;
  const narrowest = Math.min(...hits.map((h) => width(h.n.loc)));
  const best = hits.filter((h) => width(h.n.loc) === narrowest);
  const loc = best[0]!.n.loc;
  const first = best[0]!.n;
  const lines = best.map(({ m, n }) => {
    const block = n.scope.length ? ` in ${n.scope.at(-1)}` : '';
    return `${m.name}: ${n.name}${block} → ${formatShape(n.outputShape)}, ${plural(paramsOf(n), 'param')}`;
  });
  const title = `${first.kind} (${first.keras})${best.length > 1 ? `, ${best.length} nodes` : ''}`;
  return { line: loc.line, column: loc.column, endColumn: loc.line === loc.endLine ? loc.endColumn : column + 1, lines: [title, ...capped(lines)] };
}

function modelHover(models: IrModel[], file: string, line: number, column: number): HoverInfo | undefined {
  const m = models.find((x) => contains(x.loc, file, line, column));
  if (!m) return undefined;
  const params = m.nodes.reduce((a, n) => a + paramsOf(n), 0);
  const trainable = m.nodes.reduce((a, n) => a + n.weights.filter((w) => w.trainable).reduce((x, w) => x + w.shape.reduce((p, q) => p * q, 1), 0), 0);
  const out = m.nodes.find((n) => n.id === m.output)!;
  const layers = m.nodes.filter((n) => n.kind !== 'input' && n.kind !== 'identity').length;
  return {
    line: m.loc.line, column: m.loc.column, endColumn: m.loc.endColumn,
    lines: [
      `model ${m.name}${m.variantOf ? ` = ${m.variantOf}(...)` : ''}`,
      `${formatShape(m.input.shape)} → ${formatShape(out.outputShape)}, ${plural(layers, 'layer')}`,
      `${plural(params, 'param')} (${int(trainable)} trainable)`,
    ],
  };
}

/** A word at the position that calls a block: each model's instances of that block, with totals. */
function blockHover(result: CompileResult, models: IrModel[], file: string, line: number, column: number): HoverInfo | undefined {
  const source = result.files.get(file);
  if (!source) return undefined;
  const lineText = source.text.split('\n')[line - 1] ?? '';
  const before = lineText.slice(0, column - 1).match(/[A-Za-z0-9_]*$/)![0];
  const after = lineText.slice(column - 1).match(/^[A-Za-z0-9_]*/)![0];
  const word = before + after;
  const decl = source.scope.own.get(word) ?? source.scope.imported.get(word)?.decl;
  if (!word || decl?.kind !== 'block') return undefined;
  const lines: string[] = [];
  for (const m of models) {
    const instances = new Map<string, IrNode[]>();
    for (const n of m.nodes) {
      const call = n.scope.find((s) => s.replace(/_\d+$/, '') === word);
      if (call) instances.set(call, [...(instances.get(call) ?? []), n]);
    }
    for (const [call, nodes] of instances) {
      const last = nodes.at(-1)!;
      lines.push(`${m.name}: ${call} → ${formatShape(last.outputShape)}, ${plural(nodes.reduce((a, n) => a + paramsOf(n), 0), 'param')}`);
    }
  }
  const params = decl.params.map((p) => p.name.name).join(', ');
  const start = column - before.length;
  return { line, column: start, endColumn: start + word.length, lines: [`block ${word}(${params})`, ...(lines.length ? capped(lines) : ['not used by any model'])] };
}
