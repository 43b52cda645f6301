// The part of jStat (jstat on npm, which ships no types) that stats.ts uses.
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, dof: number): number;
    inv(p: number, dof: number): number;
  }
  const jStat: { studentt: Distribution };
  export default jStat;
}
