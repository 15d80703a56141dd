// "Did you mean" stays right on big maps while costing a bounded amount per suggestion.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRUTE_FORCE_MAX, closest, didYouMean, suggester } from '../src/suggest.cjs';

const ids = Array.from({ length: 200 }, (_, u) => String(u + 1).padStart(3, '0')).flatMap((u) =>
  [
    'marketing',
    'sales-development',
    'sales',
    'customer-success',
    'account-management',
    'revops',
    'lead-source',
    'employee-count',
    'close-date',
    'economic-buyer',
  ].map((s) => `u${u}-${s}`),
);

describe('suggester over a large set of ids (trigram shortlist)', () => {
  it('has more candidates than the brute-force limit, so the index is what is tested', () => {
    expect(ids.length).toBeGreaterThan(BRUTE_FORCE_MAX);
  });

  it.each([
    ['u042-sales-developmnt', 'u042-sales-development'],
    ['u117-custmer-success', 'u117-customer-success'],
    ['u200-revop', 'u200-revops'],
    ['u009-close-dat', 'u009-close-date'],
    ['u150-economic-buyerx', 'u150-economic-buyer'],
  ])('%s -> %s', (typo, want) => {
    expect(suggester(ids)(typo)).toBe(want);
  });

  it('agrees with measuring every candidate on the same typos', () => {
    const brute = (v: string): string | undefined => {
      // the small-set path measures every candidate; feed it the ids in slices that include the answer
      const unit = v.slice(0, 4);
      return closest(
        v,
        ids.filter((i) => i.startsWith(unit)),
      );
    };
    const s = suggester(ids);
    for (const v of ['u010-marketng', 'u011-lead-sorce', 'u012-employee-cont', 'u013-account-managment']) expect(s(v)).toBe(brute(v));
  });

  it('suggests nothing when nothing is close', () => {
    expect(suggester(ids)('completely-unrelated-words')).toBeUndefined();
    expect(didYouMean('x'.repeat(5000), suggester(ids))).toBe('');
  });

  it('answers a repeated value from its cache', () => {
    const s = suggester(ids);
    expect(s('u042-sales-developmnt')).toBe(s('u042-sales-developmnt'));
  });
});

describe('the bounded search picks what an exhaustive one picks', () => {
  // the reference: every candidate measured in full, no skipping, no early exit
  const full = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 0; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  const reference = (value: string, candidates: string[]): string | undefined => {
    let found: string | undefined;
    let bestScore = Infinity;
    const v = value.toLowerCase();
    for (const c of candidates) {
      const lc = c.toLowerCase();
      let score = full(v, lc);
      if (lc.startsWith(v) || v.startsWith(lc) || lc.includes(v)) score = Math.min(score, Math.abs(lc.length - v.length) / 2);
      if (score < bestScore || (score === bestScore && found !== undefined && c < found)) [found, bestScore] = [c, score];
    }
    if (found === undefined) return undefined;
    return bestScore <= Math.max(2, Math.floor(Math.max(value.length, found.length) / 3)) ? found : undefined;
  };
  it('on random ids and values', () => {
    const word = fc.stringMatching(/^[a-e-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), word, (candidates, value) => {
        expect(closest(value, candidates)).toBe(reference(value, [...new Set(candidates)]));
      }),
      { numRuns: 500 },
    );
  });
});
