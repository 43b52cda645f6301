// Completion and signature help from the text around the cursor: inside `name(` the layer's (or
// block's, modifier's, optimizer's) arguments and, after `arg =`, that argument's allowed values;
// elsewhere layer kinds with their required arguments as a snippet, blocks, lets, models and
// keywords; in a train section its keys and values.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type SignatureHelp } from 'vscode-languageserver';
import type { SourceFile } from '../check/load.js';
import { modifiers } from '../check/modifiers.js';
import { LOSSES, METRICS, OPTIMIZERS } from '../ir/training.js';
import { lookupDecl } from '../check/values.js';
import { layers } from '../layers/registry.js';
import type { AttrSpec } from '../layers/types.js';

const KEYWORDS = ['model', 'block', 'let', 'import', 'input', 'train', 'experiment', 'repeat', 'residual', 'concat', 'add', 'true', 'false'];
const TRAIN_KEYS: Record<string, readonly string[]> = {
  optimizer: Object.keys(OPTIMIZERS),
  loss: LOSSES,
  metrics: METRICS,
  batch: [], epochs: [], validation: [], shuffle: ['true', 'false'], seed: [],
};
const COMPOUNDS: Record<string, readonly AttrSpec[]> = {
  repeat: [{ name: 'n', type: { t: 'int', min: 1 }, positional: true, doc: 'how many times the body is repeated' }],
  residual: [{ name: 'shortcut', type: { t: 'bool' }, default: 'identity', doc: 'the layers applied to x before it is added (default identity)' }],
  concat: [{ name: 'axis', type: { t: 'int' }, default: -1, doc: 'the axis the branches are joined on' }],
};
/** The kinds a user writes as layers (not the input and merges the compiler makes). */
const LAYERS = layers.filter((l) => !['input', 'add', 'concat'].includes(l.name));

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Where the run of name characters (letters, digits, `_`) that ends at `end` starts. A scan back,
 * not a regex ending in `$` over the text before: that retries from every earlier position, and a
 * long name followed by `.` cost seconds per keystroke (quadratic in its length).
 */
export function wordStart(text: string, end: number): number {
  let k = end;
  while (k > 0 && isWordChar(text.charCodeAt(k - 1))) k--;
  return k;
}

/** The name just before `end` and any spaces after it, or undefined. */
function nameBefore(text: string, end: number): string | undefined {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let start = wordStart(text, end);
  while (start < end && text.charCodeAt(start) >= 48 && text.charCodeAt(start) <= 57) start++; // a name starts with no digit
  return start < end ? text.slice(start, end) : undefined;
}

/** The innermost unclosed call before `offset`: its callee and the argument the cursor is in. */
export function callContext(text: string, offset: number): { callee: string; index: number; named?: string; afterEquals?: string } | undefined {
  let depth = 0;
  let commas = 0;
  for (let k = offset - 1; k >= 0; k--) {
    const c = text[k];
    if (c === '\n' && depth === 0 && /[{}]/.test(text.slice(Math.max(0, k - 1), k))) return undefined;
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) {
        const callee = nameBefore(text, k);
        if (!callee) return undefined;
        const current = text.slice(k + 1, offset).split(',').pop() ?? '';
        const eq = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z_0-9.]*)$/.exec(current);
        const named = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(current)?.[1];
        return { callee, index: commas, ...(named ? { named } : {}), ...(eq ? { afterEquals: eq[1]! } : {}) };
      }
      depth--;
    } else if (c === ',' && depth === 0) commas++;
    else if ((c === '{' || c === '}') && depth === 0) return undefined;
  }
  return undefined;
}

/** The argument list of whatever is called `name` here: a layer, modifier, optimizer, compound or block. */
export function signatureOf(name: string, source: SourceFile | undefined): { label: string; params: { name: string; doc: string; label: string }[]; doc: string } | undefined {
  const kind = layers.find((l) => l.name === name);
  const mod = modifiers.find((m) => m.name === name);
  const opt = (OPTIMIZERS as Record<string, readonly AttrSpec[]>)[name];
  const attrs = kind?.attrs ?? mod?.attrs ?? opt ?? COMPOUNDS[name];
  if (attrs) {
    const shown = attrs.filter((a) => a.name !== 'regularizer' && !(kind && a.name === 'activation' && a.doc.includes('set by the compiler')));
    const params = shown.map((a) => ({ name: a.name, doc: a.doc, label: a.default === undefined ? a.name : `${a.name} = ${JSON.stringify(a.default).replace(/"/g, '')}` }));
    return { label: `${name}(${params.map((p) => p.label).join(', ')})`, params, doc: kind?.doc ?? mod?.doc ?? '' };
  }
  const decl = source ? lookupDecl(source.scope, name)?.decl : undefined;
  if (decl && (decl.kind === 'block' || decl.kind === 'model')) {
    const params = decl.params.map((p) => ({ name: p.name.name, doc: '', label: p.name.name + (p.default ? ` = ${source!.text.slice(p.default.span.start, p.default.span.end)}` : '') }));
    return { label: `${name}(${params.map((p) => p.label).join(', ')})`, params, doc: `${decl.kind} ${name}` };
  }
  return undefined;
}

export function signatureHelp(text: string, offset: number, source: SourceFile | undefined): SignatureHelp | null {
  const ctx = callContext(text, offset);
  const sig = ctx && signatureOf(ctx.callee, source);
  if (!ctx || !sig) return null;
  const named = ctx.named ? sig.params.findIndex((p) => p.name === ctx.named) : -1;
  return {
    signatures: [{ label: sig.label, documentation: sig.doc, parameters: sig.params.map((p) => ({ label: p.label, documentation: p.doc })) }],
    activeSignature: 0,
    activeParameter: named >= 0 ? named : Math.min(ctx.index, Math.max(sig.params.length - 1, 0)),
  };
}

function valuesOf(attr: AttrSpec | undefined): string[] {
  if (!attr) return [];
  if (attr.type.t === 'symbol') return [...attr.type.values];
  if (attr.type.t === 'bool') return ['true', 'false'];
  if (attr.type.t === 'string' && attr.type.values) return attr.type.values.map((v) => `"${v}"`);
  return [];
}

/** A snippet calling a layer with its required arguments: `conv(${1:filters})`. */
function snippet(name: string, attrs: readonly AttrSpec[]): string {
  const required = attrs.filter((a) => a.positional && a.default === undefined);
  return required.length ? `${name}(${required.map((a, k) => `\${${k + 1}:${a.name}}`).join(', ')})` : name;
}

export function complete(text: string, offset: number, source: SourceFile | undefined): CompletionItem[] {
  const ctx = callContext(text, offset);
  const names = visibleNames(source);
  if (ctx) {
    const sig = signatureOf(ctx.callee, source);
    if (ctx.afterEquals) {
      const kind = layers.find((l) => l.name === ctx.callee);
      const attr = (kind?.attrs ?? modifiers.find((m) => m.name === ctx.callee)?.attrs)?.find((a) => a.name === ctx.afterEquals);
      const values = valuesOf(attr);
      const layerValued = values.length === 0 && !kind ? LAYERS.map((l) => item(l.name, CompletionItemKind.Function, l.doc)) : [];
      return [...values.map((v) => item(v, CompletionItemKind.EnumMember, `${ctx.afterEquals} = ${v}`)), ...layerValued, ...names];
    }
    const args = (sig?.params ?? []).map((p, k) => ({
      ...item(`${p.name} =`, CompletionItemKind.Property, p.doc),
      insertText: `${p.name} = `,
      sortText: `0${String(k).padStart(2, '0')}`,
      detail: p.label,
    }));
    return [...args, ...names];
  }
  const train = trainContext(text, offset);
  if (train !== undefined) {
    if (train === '') return Object.keys(TRAIN_KEYS).map((k) => ({ ...item(k, CompletionItemKind.Property, `train ${k}`), insertText: `${k}: ` }));
    return (TRAIN_KEYS[train] ?? []).map((v) => item(v, CompletionItemKind.EnumMember, `${train}: ${v}`));
  }
  return [
    ...LAYERS.map((l) => ({ ...item(l.name, CompletionItemKind.Function, l.doc), insertText: snippet(l.name, l.attrs), insertTextFormat: InsertTextFormat.Snippet, detail: signatureOf(l.name, source)?.label ?? l.name })),
    ...modifiers.map((m) => ({ ...item(m.name, CompletionItemKind.Function, m.doc), detail: 'modifier' })),
    ...KEYWORDS.map((k) => item(k, CompletionItemKind.Keyword, '')),
    ...names,
  ];
}

/** Inside `train { ... }`: '' at the start of an entry, or the key whose value is being written. */
function trainContext(text: string, offset: number): string | undefined {
  const open = text.lastIndexOf('train', offset);
  if (open < 0 || !/^train\s*\{/.test(text.slice(open)) || text.slice(open, offset).includes('}')) return undefined;
  const line = text.slice(Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf(';', offset - 1), text.indexOf('{', open)) + 1, offset);
  const key = /^\s*([A-Za-z_]+)\s*:/.exec(line)?.[1];
  return key ?? '';
}

function visibleNames(source: SourceFile | undefined): CompletionItem[] {
  if (!source) return [];
  const all = [...source.scope.own.values(), ...[...source.scope.imported.values()].map((i) => i.decl)];
  return all.map((d) => {
    const kind = d.kind === 'block' ? CompletionItemKind.Module : d.kind === 'let' ? CompletionItemKind.Constant : CompletionItemKind.Class;
    const params = d.kind === 'block' ? d.params.filter((p) => !p.default) : [];
    const insert = params.length ? `${d.name.name}(${params.map((p, k) => `\${${k + 1}:${p.name.name}}`).join(', ')})` : d.name.name;
    return { ...item(d.name.name, kind, `${d.kind} ${d.name.name}`), insertText: insert, insertTextFormat: InsertTextFormat.Snippet };
  });
}

function item(label: string, kind: CompletionItemKind, doc: string): CompletionItem {
  return { label, kind, ...(doc ? { documentation: doc } : {}) };
}
