// The catalog of every diagnostic the compiler can report. Codes are stable and unique;
// the title says what went wrong in general, the message at the report site says it precisely.
export const catalog = {
  // Lexical and syntax
  NN0001: 'unexpected character',
  NN0002: 'unterminated string',
  NN0003: 'syntax error: something else was expected here',
  NN0004: 'syntax error: unexpected input',
  NN0005: 'invalid escape in string',
  NN0006: 'file is not UTF-8 text',

  // Names, files and declarations
  NN0101: 'unknown name',
  NN0102: 'unknown layer',
  NN0103: 'duplicate name',
  NN0104: 'file cannot be read',
  NN0105: 'import cycle',
  NN0106: 'recursive definition',
  NN0107: 'unknown model',
  NN0108: 'name used as something it is not',
  NN0109: 'file outside the project folder',

  // Arguments and values
  NN0201: 'unknown argument',
  NN0202: 'missing argument',
  NN0203: 'too many arguments',
  NN0204: 'argument given twice',
  NN0205: 'wrong type',
  NN0206: 'not an integer',
  NN0207: 'value out of range',
  NN0208: 'unknown symbol for this argument',
  NN0209: 'positional argument after a named one',
  NN0210: 'tuple of the wrong length',
  NN0211: 'numbers and layers mixed in one expression',
  NN0212: 'division by zero',

  // Structure of models, blocks and training
  NN0301: 'modifier with no layer to attach to',
  NN0302: 'model does not start with input',
  NN0303: 'input where it does not belong',
  NN0304: 'train section where it does not belong',
  NN0305: 'unknown train setting',
  NN0306: 'invalid train value',
  NN0307: 'statement is not a layer',
  NN0308: 'too few branches',
  NN0309: 'setting given twice',

  // Shapes
  NN0401: 'layer cannot take an input of this rank',
  NN0402: 'output size is not positive',
  NN0403: 'residual shapes differ',
  NN0404: 'branch shapes differ',
  NN0405: 'reshape changes the number of elements',
  NN0406: 'attributes that cannot be combined',

  // Experiments
  NN0501: 'unknown experiment setting',
  NN0502: 'invalid experiment setting',
  NN0503: 'experiment setting missing',
  NN0504: 'unknown grid axis',
  NN0505: 'value repeated in a list',
  NN0506: 'grid value that does not fit the model',

  // Limits
  NN0901: 'file too large',
  NN0902: 'nesting too deep',
  NN0903: 'too many layers',
  NN0904: 'number too large',
  NN0905: 'definitions nested too deeply',
  NN0906: 'too many errors',
  NN0907: 'too much work to expand',
  NN0908: 'expression too long',
  NN0909: 'too many experiment variants',
} as const;

export type Code = keyof typeof catalog;

export const codes = Object.keys(catalog) as Code[];
