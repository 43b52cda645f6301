// Highlighting for .nn in CodeMirror: a line tokenizer (StreamLanguage) that tells keywords, layer
// kinds (from the compiler's registry), declared names, named arguments, train keys, numbers,
// strings and comments apart. It only colours: every diagnostic comes from the real compiler.
import { StreamLanguage, type StringStream } from '@codemirror/language';
import { layers } from '../../src/layers/registry.js';

const KEYWORDS = new Set(['model', 'block', 'let', 'import', 'train', 'experiment', 'repeat', 'residual', 'concat', 'add']);
const CONSTANTS = new Set(['true', 'false']);
const LAYERS = new Set(layers.map((l) => l.name));

interface State {
  /** The previous word was `model`, `block` or `let`: this one is being declared. */
  declaring: boolean;
  /** Open brackets and braces, for indenting the next line. */
  depth: number;
}

function token(stream: StringStream, state: State): string | null {
  if (stream.eatSpace()) return null;
  if (stream.match(/^#.*/)) return 'comment';
  if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
  if (stream.match(/^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/)) return 'number';
  const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
  if (word) {
    const w = word[0];
    if (state.declaring) {
      state.declaring = false;
      return 'def';
    }
    if (w === 'model' || w === 'block' || w === 'let') {
      state.declaring = true;
      return 'keyword';
    }
    if (KEYWORDS.has(w)) return 'keyword';
    if (CONSTANTS.has(w)) return 'atom';
    if (stream.match(/^\s*=(?!=)/, false)) return 'attributeName';
    if (stream.match(/^\s*:/, false)) return 'propertyName';
    if (w === 'input' || LAYERS.has(w)) return 'typeName';
    return 'variableName';
  }
  if (stream.match(/^[+\-*/=]/)) return 'operator';
  const c = stream.next();
  if (c === '{' || c === '(') state.depth++;
  if ((c === '}' || c === ')') && state.depth > 0) state.depth--;
  return 'punctuation';
}

export const nnLanguage = StreamLanguage.define<State>({
  name: 'nn',
  startState: () => ({ declaring: false, depth: 0 }),
  copyState: (s) => ({ ...s }),
  token,
  indent: (state, textAfter, cx) => Math.max(0, state.depth - (/^[})]/.test(textAfter) ? 1 : 0)) * cx.unit,
  languageData: { commentTokens: { line: '#' } },
});
