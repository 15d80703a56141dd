// "Did you mean": the closest candidate by edit distance, if it is close enough. Over a large
// set of candidates (a map's 20,000 ids) only the few that share the most of the value's rarer
// trigrams are measured, so each suggestion costs about the same however big the map is.
/** Levenshtein distance; once every cell of a row exceeds `max`, any number above `max`. */
export function distance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      const v = Math.min(up + 1, prev[j - 1]! + 1, diag + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      prev[j] = v;
      if (v < rowMin) rowMin = v;
      diag = up;
    }
    if (rowMin > max) return rowMin;
  }
  return prev[b.length]!;
}

/** Candidates are measured one by one up to this many; beyond it, through the trigram index. */
export const BRUTE_FORCE_MAX = 512;
/** How many of the best trigram matches are measured exactly. */
const SHORTLIST = 48;
/** At most this many postings are read per value (the rarest trigrams' first). */
const POSTINGS_BUDGET = 2048;
/** Values longer than this get no suggestion: nobody mistypes a paragraph for an id. */
const MAX_VALUE_LENGTH = 200;

function best(value: string, candidates: Iterable<string>): string | undefined {
  let found: string | undefined;
  let bestScore = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    // a score is at least half the difference in length: skip what cannot win or tie
    if (Math.abs(c.length - v.length) / 2 > bestScore) continue;
    const lc = c.toLowerCase();
    let score = distance(v, lc, bestScore);
    if (lc.startsWith(v) || v.startsWith(lc) || lc.includes(v)) score = Math.min(score, Math.abs(lc.length - v.length) / 2);
    if (score < bestScore || (score === bestScore && found !== undefined && c < found)) {
      found = c;
      bestScore = score;
    }
  }
  if (found === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(value.length, found.length) / 3));
  return bestScore <= limit ? found : undefined;
}

function trigrams(s: string): Set<string> {
  const padded = `\u0002${s.toLowerCase()}\u0003`;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

export type Suggester = (value: string) => string | undefined;

/** A suggester over a fixed set of candidates: indexed once, answers cached per value. */
export function suggester(candidates: Iterable<string>): Suggester {
  const list = [...new Set(candidates)];
  const cache = new Map<string, string | undefined>();
  let index: Map<string, number[]> | undefined;
  let counts: Int32Array | undefined;
  const shortlist = (value: string): string[] => {
    if (!index) {
      index = new Map();
      list.forEach((c, i) => {
        for (const g of trigrams(c)) {
          const posting = index!.get(g);
          if (posting) posting.push(i);
          else index!.set(g, [i]);
        }
      });
      counts = new Int32Array(list.length);
    }
    // rarest trigrams first, up to a budget of postings: ids that share a prefix with every
    // other id (\`unit-042-…\`) would otherwise make each lookup a scan of the whole list
    const postings = [...trigrams(value)]
      .map((g) => index!.get(g))
      .filter((p): p is number[] => p !== undefined)
      .sort((a, b) => a.length - b.length);
    const c = counts!;
    const touched: number[] = [];
    let budget = POSTINGS_BUDGET;
    for (const posting of postings) {
      if (touched.length > 0 && posting.length > budget) break;
      budget -= posting.length;
      for (const i of posting) {
        const n = c[i]!;
        if (n === 0) touched.push(i);
        c[i] = n + 1;
      }
    }
    // the SHORTLIST most shared, ties by position: bucketed by count (at most one per trigram of
    // the value), so only the bucket that straddles the cut is sorted
    const buckets: number[][] = [];
    for (const i of touched) (buckets[c[i]!] ??= []).push(i);
    const out: string[] = [];
    for (let n = buckets.length - 1; n > 0 && out.length < SHORTLIST; n--) {
      const b = buckets[n];
      if (!b) continue;
      if (out.length + b.length > SHORTLIST) b.sort((x, y) => x - y);
      for (let k = 0; k < b.length && out.length < SHORTLIST; k++) out.push(list[b[k]!]!);
    }
    for (const i of touched) c[i] = 0;
    return out;
  };
  return (value) => {
    if (cache.has(value)) return cache.get(value);
    const found = value.length > MAX_VALUE_LENGTH ? undefined : best(value, list.length <= BRUTE_FORCE_MAX ? list : shortlist(value));
    cache.set(value, found);
    return found;
  };
}

export function closest(value: string, candidates: Iterable<string>): string | undefined {
  return suggester(candidates)(value);
}

export function didYouMean(value: string, candidates: Iterable<string> | Suggester): string {
  const c = typeof candidates === 'function' ? candidates(value) : closest(value, candidates);
  return c === undefined ? '' : ` Did you mean \`${c}\`?`;
}
