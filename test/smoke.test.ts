import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';

describe('checkMap from TypeScript sources', () => {
  it('finds the precompiled schema validators through the vitest alias', () => {
    const r = checkMap('test/fixtures/maps/minimal');
    expect(r.diagnostics).toEqual([]);
  });
});
