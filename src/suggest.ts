// "Did you mean": the closest candidate by edit distance, if it is close enough.
export function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function closest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let score = distance(v, lc);
    if (lc.startsWith(v) || v.startsWith(lc) || lc.includes(v)) score = Math.min(score, Math.abs(lc.length - v.length) / 2);
    if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(value.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

export function didYouMean(value: string, candidates: Iterable<string>): string {
  const c = closest(value, candidates);
  return c === undefined ? '' : ` Did you mean \`${c}\`?`;
}
