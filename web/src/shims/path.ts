// `node:path` for the page: the POSIX functions the compiler uses to resolve imports between the
// bundled example files and keep them inside the project folder. The page's paths are relative,
// with forward slashes (specs/hw4/part2.nn); the page's "current folder" is the root, /.

export const sep = '/';

export function normalize(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out.at(-1) !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export const join = (...parts: string[]): string => normalize(parts.filter((p) => p !== '').join('/'));

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}

export const basename = (p: string, ext?: string): string => {
  const base = p.slice(p.lastIndexOf('/') + 1);
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
};

export const isAbsolute = (p: string): boolean => p.startsWith('/');

/** Windows' rule, for refusing `C:\x` and `\x` imports as Node does on any system. */
export const win32 = { isAbsolute: (p: string): boolean => /^([A-Za-z]:)?[\\/]/.test(p) };

export const resolve = (...parts: string[]): string => normalize(`/${parts.join('/')}`);

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export const posix = { sep, normalize, join, dirname, basename, isAbsolute, resolve, relative };

export default { ...posix, posix, win32 };
