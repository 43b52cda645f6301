// Identifiers and literals of generated TypeScript. Every name a spec gives becomes a valid,
// unique identifier: snake_case turns into camelCase, reserved words and names the generated code
// uses itself get a trailing underscore, and names that still collide get a number.

/** Words that cannot name a variable or function in a strict-mode ES module, plus TypeScript's own. */
const RESERVED = new Set(
  `break case catch class const continue debugger default delete do else enum export extends false finally for function
  if import in instanceof new null return super switch this throw true try typeof var void while with yield let static
  implements interface package private protected public await arguments eval undefined NaN Infinity as any boolean
  constructor declare get module require number set string symbol type from of async never unknown object bigint`.split(/\s+/),
);

/** `conv_block` → `convBlock`, `mobilenet_075` → `mobilenet075`; leading underscores are kept. */
export function camel(name: string): string {
  const lead = /^_*/.exec(name)![0];
  const parts = name.slice(lead.length).split('_').filter((p) => p !== '');
  return lead + parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
}

/** `cnn_half` → `CnnHalf`, for names such as `buildCnnHalf`; a name of underscores only stays as it is (`_`). */
export const pascal = (name: string): string => {
  const c = camel(name).replace(/^_+/, '');
  return c === '' ? name : c[0]!.toUpperCase() + c.slice(1);
};

export const isIdentifier = (s: string): boolean => /^[A-Za-z_$][\w$]*$/.test(s) && !RESERVED.has(s);

/** A set of identifiers in one scope; `claim` hands out a free, valid one close to the wish. */
export class Namer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = [], private readonly parent?: Namer) {
    for (const r of reserved) this.taken.add(r);
  }

  has(name: string): boolean {
    return this.taken.has(name) || (this.parent?.has(name) ?? false);
  }

  claim(wish: string): string {
    let base = wish.replace(/[^\w$]/g, '_');
    if (base === '' || /^\d/.test(base)) base = `_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }
}

/** A string literal: quotes, backslashes, control and line-separator characters escaped. */
export const stringLiteral = (s: string): string => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * A property key of an object literal: bare when it is an identifier name, quoted otherwise, and
 * computed for `__proto__`, which as a plain or quoted key would set the object's prototype instead.
 */
export const propertyKey = (s: string): string =>
  s === '__proto__' ? `[${stringLiteral(s)}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? s : stringLiteral(s);

/** `1,792`: thousands separated, as comments show counts. */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
