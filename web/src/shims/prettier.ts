// `prettier` for the page: prettier's standalone build with the TypeScript parser, so the code
// generator formats its output exactly as `nnc gen` does (same prettier version, same options).
import * as prettier from 'prettier/standalone';
import estree from 'prettier/plugins/estree';
import typescript from 'prettier/plugins/typescript';

export const format = (source: string, options: Parameters<typeof prettier.format>[1]): Promise<string> =>
  prettier.format(source, { ...options, plugins: [estree, typescript] });
