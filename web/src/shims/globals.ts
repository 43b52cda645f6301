// The two Node globals compiler modules mention, for the page: `Buffer.byteLength` (the parser's
// size limit on very long texts) and `process.cwd()` (never called here). esbuild injects these
// wherever the bundle refers to the global names.
const utf8Length = (text: string): number => {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
};

export const Buffer = { byteLength: (text: string) => utf8Length(text) };
export const process = { env: {} as Record<string, string | undefined>, cwd: () => '/', pid: 0 };
