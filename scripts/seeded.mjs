// What the seeded example generators (generate-deals.mjs, generate-leads.mjs) share: their
// command-line options and a small seeded random number generator (mulberry32), so the same
// seed gives the same export.

/** `--name value` from argv, or the default. */
export function option(args, name, dflt) {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args[i + 1];
}

/** Seeded draws: rng() in [0, 1), int(lo, hi) inclusive, pick(list). */
export function seeded(seed) {
  let a = seed;
  const rng = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { rng, int: (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)), pick: (xs) => xs[Math.floor(rng() * xs.length)] };
}
