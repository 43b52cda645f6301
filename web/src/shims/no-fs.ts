// `node:fs` for the page, which has no file system: the compiler reads files through the host
// the page gives it, so these are never called; if one were, it says why it cannot work.
const none = (name: string) => (): never => {
  throw new Error(`fs.${name} is not available in the browser`);
};

export const statSync = none('statSync');
export const readFileSync = none('readFileSync');
export const existsSync = none('existsSync');
export const openSync = none('openSync');
export const fstatSync = none('fstatSync');
export const readSync = none('readSync');
export const closeSync = none('closeSync');
export const realpathSync = none('realpathSync');
export const constants = { O_RDONLY: 0, O_NONBLOCK: 0 };

export default { statSync, readFileSync, existsSync, openSync, fstatSync, readSync, closeSync, realpathSync, constants };
