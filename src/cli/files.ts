// Expands the file arguments of a command: plain paths, directories (every .nn file below),
// and glob patterns with * and ** (for shells that pass them through unexpanded).
import * as fs from 'node:fs';
import * as path from 'node:path';

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.nn')) out.push(p);
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Every file an argument names; a pattern matching nothing gives nothing (the caller reports it). */
export function expandFileArg(arg: string): string[] {
  if (/[*?]/.test(arg) && !fs.existsSync(arg)) {
    const base = arg.slice(0, arg.search(/[*?]/)).replace(/[^/]*$/, '') || '.';
    if (!fs.existsSync(base)) return [];
    const all: string[] = [];
    walk(base, all);
    const re = globToRegExp(path.normalize(arg));
    return all.filter((f) => re.test(path.normalize(f)));
  }
  try {
    if (fs.statSync(arg).isDirectory()) {
      const out: string[] = [];
      walk(arg, out);
      return out;
    }
  } catch {
    // not there: returned as is, and reading it reports the problem
  }
  return [arg];
}
