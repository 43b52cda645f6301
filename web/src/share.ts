// Shareable links: the spec travels in the URL's fragment, compressed with lz-string into
// URL-safe characters, so nothing reaches a server. The fragment is `#s=<spec>`, preceded by
// `f=<file>&` when the spec is compiled under a name other than playground.nn (an example's path,
// which decides the generated code's header and where imports resolve): `#f=specs/hw4/part2.nn&s=N4Ig...`.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

/** The file name a spec typed from scratch is compiled as. */
export const DEFAULT_FILE = 'playground.nn';

const EMPTY = compressToEncodedURIComponent('');

export interface Shared {
  file: string;
  text: string;
}

export function encodeFragment({ file, text }: Shared): string {
  const spec = `s=${compressToEncodedURIComponent(text)}`;
  return file === DEFAULT_FILE ? spec : `f=${encodeURIComponent(file).replace(/%2F/g, '/')}&${spec}`;
}

/** The spec in a fragment (with or without its `#`); undefined when there is none; an Error when it is damaged. */
export function decodeFragment(fragment: string): Shared | Error | undefined {
  const fields = new Map<string, string>();
  for (const part of fragment.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const spec = fields.get('s');
  if (spec === undefined) return undefined;
  let file: string;
  try {
    file = decodeURIComponent(fields.get('f') ?? DEFAULT_FILE);
  } catch {
    return new Error('the link is damaged: its file name is not valid');
  }
  // lz-string gives '' (or null) for input it cannot read; only the encoding of '' may give ''.
  const text = decompressFromEncodedURIComponent(spec);
  if (text === null || (text === '' && spec !== EMPTY)) return new Error('the link is damaged: its spec could not be decompressed (was it cut short?)');
  return { file, text };
}
