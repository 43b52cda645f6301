// `node:fs` for the page, which has no file system: the compiler reads files through the host
// the page gives it, so these are never called; if one were, it says why it cannot work. The
// build fails when the compiler imports a name this file lacks.
const none = (name: string) => (): never => {
  throw new Error(`fs.${name} is not available in the browser`);
};

export const statSync = none('statSync');
export const fstatSync = none('fstatSync');
export const openSync = none('openSync');
export const readSync = none('readSync');
export const closeSync = none('closeSync');
export const realpathSync = none('realpathSync');
export const readFileSync = none('readFileSync');
export const existsSync = none('existsSync');
export const constants: Record<string, number> = {};

export default { statSync, fstatSync, openSync, readSync, closeSync, realpathSync, readFileSync, existsSync, constants };
