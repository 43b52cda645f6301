// Identifiers and literals of generated Python. Spec names are already snake_case; Python's keywords
// and the names the runtime defines get a trailing underscore, and names that still collide a number.
import type { AttrValue } from '../../layers/types.js';

const KEYWORDS = new Set(
  `False None True and as assert async await break class continue def del elif else except finally for from global if
  import in is lambda nonlocal not or pass raise return try while with yield print len range int float str list dict
  tuple min max round abs sum super self object type`.split(/\s+/),
);

export class PyNamer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = [], private readonly parent?: PyNamer) {
    for (const r of reserved) this.taken.add(r);
  }

  has(name: string): boolean {
    return this.taken.has(name) || (this.parent?.has(name) ?? false);
  }

  claim(wish: string): string {
    let base = wish.replace(/\W/g, '_');
    if (base === '' || /^\d/.test(base)) base = `_${base}`;
    if (KEYWORDS.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }
}

/** `cnn_half` → `CnnHalf`: a class name. */
export const pyClass = (name: string): string => {
  const parts = name.split('_').filter((p) => p !== '');
  const s = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  return s === '' ? 'Model' : /^\d/.test(s) ? `Model${s}` : s;
};

/** A Python string literal (JSON's escapes are Python's too). */
export const pyString = (s: string): string => JSON.stringify(s);

/** A tuple literal: `(1,)` for one item. */
export const pyTuple = (items: string[]): string => (items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`);

/** An IR attribute value as a Python literal: lists become tuples, a regularizer `l1l2(...)`. */
export function pyLiteral(v: AttrValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return pyTuple(v.map(pyLiteral));
  return `l1l2(${Object.entries(v).map(([k, x]) => `${k}=${pyLiteral(x)}`).join(', ')})`;
}
