// Exact rational numbers. `.nn` arithmetic is exact: 0.1 * 3 * 10 is the integer 30, and an
// integer-only argument given 19.2 is an error rather than a silent rounding.
export interface Num {
  readonly n: bigint;
  /** Always positive; the fraction is always in lowest terms. */
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

export function num(n: bigint, d: bigint = 1n): Num {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

/** The largest decimal exponent a literal may have; beyond it the value is a limit error. */
export const MAX_EXPONENT = 400;

const literals = new Map<string, Num | undefined>();

/** Parses a numeric literal (`64`, `0.5`, `1e-3`, `.5`); undefined when the exponent is beyond the limit. */
export function parseNum(text: string): Num | undefined {
  if (literals.has(text)) return literals.get(text);
  const value = parseLiteral(text);
  if (literals.size < 10_000) literals.set(text, value);
  return value;
}

function parseLiteral(text: string): Num | undefined {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, whole = '', frac = '', expText = '0'] = m;
  const exp = Number(expText) - frac.length;
  if (Math.abs(exp) > MAX_EXPONENT + 50) return undefined;
  const digits = BigInt((whole + frac).replace(/^0+(?=\d)/, '') || '0');
  return exp >= 0 ? num(digits * 10n ** BigInt(exp)) : num(digits, 10n ** BigInt(-exp));
}

export const isInteger = (x: Num): boolean => x.d === 1n;
export const add = (a: Num, b: Num): Num => num(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Num, b: Num): Num => num(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Num, b: Num): Num => num(a.n * b.n, a.d * b.d);
/** Undefined for division by zero. */
export const div = (a: Num, b: Num): Num | undefined => (b.n === 0n ? undefined : num(a.n * b.d, a.d * b.n));
export const neg = (a: Num): Num => ({ n: -a.n, d: a.d });
export const cmp = (a: Num, b: Num): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

export function floor(a: Num): Num {
  const q = a.n / a.d; // truncates toward zero
  return num(a.n < 0n && q * a.d !== a.n ? q - 1n : q);
}
export const ceil = (a: Num): Num => neg(floor(neg(a)));
/** Rounds half away from zero, as Python's and JavaScript's users expect for positive sizes. */
export const round = (a: Num): Num => (a.n < 0n ? neg(floor(add(neg(a), num(1n, 2n)))) : floor(add(a, num(1n, 2n))));

/** The nearest double. */
export function toNumber(a: Num): number {
  if (a.d === 1n) return Number(a.n);
  const q = Number(a.n) / Number(a.d);
  if (Number.isFinite(q)) return q;
  // Both parts beyond the double range: scale down first.
  const shift = BigInt(Math.max(a.n.toString().length, a.d.toString().length) - 300);
  return Number(a.n / 10n ** shift) / Number(a.d / 10n ** shift);
}

/** How a value is written in messages: integers exactly, fractions as decimals. */
export function formatNum(a: Num): string {
  if (a.d === 1n) return a.n.toString();
  return String(toNumber(a));
}
