// "Did you mean" stays right on big maps while costing a bounded amount per suggestion.
import { describe, expect, it } from 'vitest';
import { BRUTE_FORCE_MAX, closest, didYouMean, suggester } from '../src/suggest.js';

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
