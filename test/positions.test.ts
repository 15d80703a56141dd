// Findings are placed from js-yaml's event offsets (load/positions.ts) instead of a second parse
// with the `yaml` package. Both must give the same file:line:column for every path of a file:
// every node of the example map, the fixtures and the hostile corpus, hand-made edge cases, and
// random documents written in random styles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { locateIn, locateTextIn, sourceFile } from '../src/load/source.js';
import type { ModelPath } from '../src/diagnostic.js';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(f)) out.push(p);
  }
  return out;
}

function paths(v: unknown, p: ModelPath = [], out: ModelPath[] = []): ModelPath[] {
  out.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...p, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...p, k], out);
  return out;
}

/** Every path in both placements, plus paths that go deeper than the document; returns the mismatches. */
function compare(name: string, text: string): string[] {
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA });
  } catch {
    return []; // such a file is placed by `yaml` anyway
  }
  const fast = sourceFile(name, name, text, false);
  const slow = sourceFile(name, name, text, false);
  const bad: string[] = [];
  for (const p of [...paths(data), ['no-such-key'], [0, 'x'], [...paths(data).at(-1)!, 'deeper']]) {
    for (const target of ['key', 'value'] as const) {
      const a = fast.locate(p, target);
      const b = locateIn(slow, p, target);
      if (JSON.stringify(a) !== JSON.stringify(b))
        bad.push(`${name} ${JSON.stringify(p)} ${target}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    let v: unknown = data;
    for (const seg of p) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
    if (typeof v === 'string' && v.length > 2) {
      const [s, e] = [1, Math.min(v.length, 6)];
      const a = fast.locateText(p, s, e);
      const b = locateTextIn(slow, p, s, e);
      if (JSON.stringify(a) !== JSON.stringify(b))
        bad.push(`${name} text ${JSON.stringify(p)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  return bad;
}

const EDGE_CASES: Record<string, string> = {
  crlf: 'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\nc: |\r\n  lit\r\n\r\nd: e\r\n',
  styles: [
    '---',
    '# leading comment',
    '"quoted key": 1',
    "'single': {a: [1, {b: 2}], c: {}, d: []}   # trailing",
    'empty:',
    'empty2: ~',
    'multi: this is a plain',
    '  scalar over lines',
    'folded: >-',
    '  folded text',
    '  more',
    '',
    'ind: |2',
    '    indented',
    'anchor: &A',
    '  k: v',
    'ref: *A',
    'tagged: !!str 123',
    'flowseq: [ a , "b" ,',
    '  c ]',
    '? complex',
    ': value',
    'list:',
    '- a',
    '- - nested',
    '  - deep',
    '- {x: 1}',
    '-',
    '- last: 1',
    '  more: &B [1]',
    'after: *B',
    '"esc\\"aped": "tab\\there"',
    '',
  ].join('\n'),
  seq: '- a\n- b: |\n    x\n  c: 2   # comment\n-   spaced: y\n',
  commentAfterKey: 'sla: # a note\n  within: 1bd # another\nnext: 1\n',
  noFinalNewline: 'k: v',
  scalarDocument: 'just a string\n',
  anchoredEmpty: 'a: &x\nb: !!null\nc: &y !!str\nd: &z\n  - 1\nteams: &t\n',
};

describe('placing findings from js-yaml events agrees with the yaml package', () => {
  it('on every path of the example map, the fixtures, the corpus and the starter map', () => {
    const files = ['map', 'test/fixtures', 'test/corpus', 'templates/init'].flatMap((d) => yamlFiles(d));
    expect(files.length).toBeGreaterThan(100);
    const bad = files.flatMap((f) => compare(f, readFileSync(f, 'utf8')));
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('on hand-made edge cases (CRLF, quoting, flow, block scalars, anchors, empty values, comments)', () => {
    const bad = Object.entries(EDGE_CASES).flatMap(([name, text]) => compare(name, text));
    expect(bad).toEqual([]);
  });

  it('on random documents written in random styles', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9 _-]{0,8}$/);
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('multi\nline text\n', 'a: b', '# no', "it's"),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const writer = fc.constantFrom(
      (v: unknown) => stringify(v),
      (v: unknown) => stringify(v, { collectionStyle: 'flow' }),
      (v: unknown) => stringify(v, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
      (v: unknown) => stringify(v, { defaultStringType: 'BLOCK_LITERAL' }),
      (v: unknown) => dump(v),
      (v: unknown) => dump(v, { flowLevel: 1 }),
      (v: unknown) => dump(v, { indent: 4, quotingType: '"', forceQuotes: true }),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), writer, (v, write) => {
        expect(compare('random', write(v))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
