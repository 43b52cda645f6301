// The bundled examples, made by scripts/build-web.mjs from specs/: file path → text.
declare module 'nn:examples' {
  const examples: Record<string, string>;
  export default examples;
}
