// Hover texts and inlay hints from the compiler's facts: a layer's documentation, resolved
// arguments, output shape, parameters and MACs; a block call's expansion totals; a model's totals.
import type { LayerRow } from '../analysis/summary.js';
import type { IrNode } from '../ir/types.js';
import { findLayer } from '../layers/registry.js';
import { modifiers } from '../check/modifiers.js';
import { int, macs, shape, sum, type Instance } from './facts.js';
import type { Analysis } from './workspace.js';
import { signatureOf, wordStart } from './complete.js';

const MAX_INSTANCES = 4;

export function hoverAt(analysis: Analysis, file: string, offset: number): string | undefined {
  const source = analysis.result.files.get(file);
  if (!source) return undefined;
  const facts = analysis.facts;
  const experiment = source.ast.decls.find((d) => d.kind === 'experiment' && d.name.span.start <= offset && offset <= d.name.span.end);
  if (experiment?.kind === 'experiment') return experimentHover(analysis, experiment.name.name);
  const occ = analysis.names.get(file)?.find((o) => o.span.start <= offset && offset <= o.span.end);
  const decl = occ?.target && !occ.target.includes('\0', occ.target.indexOf('\0') + 1) ? declOf(analysis, occ.target) : undefined;
  if (decl?.kind === 'model' || decl?.kind === 'variant') {
    const s = facts?.summaries.get(decl.name.name);
    const head = `**model ${decl.name.name}**`;
    if (!s) return head;
    const t = s.totals;
    return [head, '', `${shape(s.input)} → ${shape(s.output)} · ${t.layers} layers`, '',
      `params **${int(t.params)}** (trainable ${int(t.trainable)}, non-trainable ${int(t.nonTrainable)}) · ${t.weightsMB.toFixed(2)} MB`, '',
      `MACs ${macs(t.macs)} per sample · activations ${int(t.activations)}`].join('\n');
  }
  if (decl?.kind === 'block') {
    const sig = signatureOf(decl.name.name, source)?.label ?? decl.name.name;
    const calls = (facts?.blockCalls ?? []).filter((c) => c.call.callee.span.file === file && c.call.callee.span.start <= offset && offset <= c.call.callee.span.end);
    const lines = calls.flatMap((c) => c.instances.slice(0, MAX_INSTANCES).map((i) => `- ${c.model} › ${i.scope[0]}: ${totalsText(i.rows)}`));
    return [`**block** \`${sig}\``, ...(lines.length ? ['', ...lines] : [])].join('\n');
  }
  if (decl?.kind === 'let') return `**let** \`${source.text.slice(decl.span.start, decl.span.end)}\``;
  const word = wordAt(source.text, offset);
  const nodes = nodesAt(analysis, file, offset, source.text);
  if (nodes.length > 0) return layerHover(nodes);
  const kind = word ? findLayer(word) : undefined;
  const mod = word ? modifiers.find((m) => m.name === word) : undefined;
  if (kind || mod) return [`**${word}** — ${kind?.doc ?? mod?.doc}`, '', `\`${signatureOf(word!, source)?.label}\``].join('\n');
  return undefined;
}

/** An experiment's size and its variants (the first few), from the IR. */
function experimentHover(analysis: Analysis, name: string): string {
  const x = analysis.result.ir?.experiments?.find((e) => e.name === name);
  const head = `**experiment ${name}**`;
  if (!x) return head;
  const runs = x.variants.length * x.runs;
  const shown = x.variants.slice(0, 2 * MAX_INSTANCES).map((v) => `- ${v.label}`);
  const more = x.variants.length > shown.length ? [`- … ${x.variants.length - shown.length} more`] : [];
  return [head, '', `${x.variants.length} variant${x.variants.length === 1 ? '' : 's'} × ${x.runs} run${x.runs === 1 ? '' : 's'} = ${runs} run${runs === 1 ? '' : 's'}${x.data ? ` on ${x.data}` : ''}`, '', ...shown, ...more].join('\n');
}

function declOf(analysis: Analysis, target: string) {
  const [file, name] = target.split('\0') as [string, string];
  return analysis.result.files.get(file)?.scope.own.get(name);
}

function wordAt(text: string, offset: number): string | undefined {
  const before = text.slice(wordStart(text, offset), offset);
  const after = /^[A-Za-z0-9_]*/.exec(text.slice(offset))![0];
  return before + after || undefined;
}

/** The innermost layers whose source span holds `offset`, one per expansion, with their rows. */
function nodesAt(analysis: Analysis, file: string, offset: number, text: string): { node: IrNode; row: LayerRow; inst: Instance }[] {
  const starts = lineStarts(text);
  const off = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  const found: { node: IrNode; row: LayerRow; inst: Instance; size: number }[] = [];
  for (const list of analysis.facts?.lines.get(file)?.values() ?? []) {
    for (const inst of list) {
      inst.nodes.forEach((node, k) => {
        const start = off(node.loc.line, node.loc.column);
        const end = off(node.loc.endLine, node.loc.endColumn);
        if (start <= offset && offset <= end) found.push({ node, row: inst.rows[k]!, inst, size: end - start });
      });
    }
  }
  const smallest = Math.min(...found.map((f) => f.size));
  return found.filter((f) => f.size === smallest);
}

function layerHover(found: { node: IrNode; row: LayerRow; inst: Instance }[]): string {
  const first = found[0]!.node;
  const kind = findLayer(first.kind);
  const args = Object.entries(first.attrs)
    .filter(([k, v]) => k !== 'regularizer' || v !== null)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const out = [`**${first.kind}** (${first.keras})${kind ? ` — ${kind.doc}` : ''}`, '', '```nn', `${first.kind}(${args.join(', ')})`, '```'];
  const shown = found.slice(0, MAX_INSTANCES);
  for (const f of shown) {
    const where = found.length > 1 || f.inst.scope.length ? `${f.inst.model}${f.inst.scope.length ? ' › ' + f.inst.scope.join(' › ') : ''}: ` : '';
    out.push('', `${where}output **${shape(f.row.outputShape)}** · params **${int(f.row.params)}**${f.row.nonTrainable ? ` (${int(f.row.nonTrainable)} non-trainable)` : ''} · MACs ${macs(f.row.macs)}`);
  }
  if (found.length > shown.length) out.push('', `and ${found.length - shown.length} more`);
  return out.join('\n');
}

function totalsText(rows: LayerRow[]): string {
  const params = sum(rows, (r) => r.params);
  return `${rows.length} layers → output **${shape(rows[rows.length - 1]!.outputShape)}** · params **${int(params)}** · MACs ${macs(sum(rows, (r) => r.macs))}`;
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') out.push(k + 1);
  return out;
}

export interface Hint {
  /** 1-based line. */
  line: number;
  /** 0-based column where the hint goes: the end of the line's code. */
  column: number;
  label: string;
}

/** One hint per line holding layers or block calls: the line's output shape and parameters. */
export function inlayHints(analysis: Analysis, file: string, text: string, showParams: boolean): Hint[] {
  const facts = analysis.facts;
  if (!facts) return [];
  const lines = text.split('\n');
  const byLine = new Map<number, { end: number; texts: string[] }>();
  const offer = (line: number, end: number, insts: Instance[], rowsOf: (i: Instance) => LayerRow[]) => {
    const texts = [...new Set(insts.map((i) => label(rowsOf(i), showParams)))];
    const prev = byLine.get(line);
    if (!prev || prev.end <= end) byLine.set(line, { end, texts });
  };
  for (const [line, insts] of facts.lines.get(file) ?? []) {
    const end = Math.max(...insts.flatMap((i) => i.nodes.map((n) => (n.loc.endLine === line ? n.loc.endColumn : 0))));
    offer(line, end, insts, (i) => i.rows);
  }
  const starts = lineStarts(text);
  for (const c of facts.blockCalls) {
    if (c.call.span.file !== file || c.instances.length === 0) continue;
    let line = 1;
    while (line < starts.length && starts[line]! <= c.call.span.end - 1) line++;
    offer(line, c.call.span.end - starts[line - 1]! + 1, c.instances, (i) => i.rows);
  }
  const hints: Hint[] = [];
  for (const [line, { texts }] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const code = (lines[line - 1] ?? '').replace(/#.*$/, '').trimEnd();
    const shown = texts.length > 3 ? [...texts.slice(0, 3), '…'] : texts;
    hints.push({ line, column: code.length, label: shown.join(' | ') });
  }
  return hints;
}

function label(rows: LayerRow[], showParams: boolean): string {
  const params = sum(rows, (r) => r.params);
  return `→ ${shape(rows[rows.length - 1]!.outputShape)}${showParams && params ? ` · ${int(params)} params` : ''}`;
}

