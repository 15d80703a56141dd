// Related locations (another place that explains a finding, e.g. the earlier routing rule that
// shadows this one) in every format that carries them: SARIF relatedLocations linked from the
// message, `related` in JSON, a dim line in stylish.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { formatters, type ReportContext } from '../src/report/index.js';
import { sarif, sarifLog } from '../src/report/sarif.js';
import { stylish } from '../src/report/stylish.js';
import { checkSarif } from './fixtures/report/sarif-validator.js';

const DOCS = 'https://github.com/gtmap/gtmap/blob/main/docs/rules/routing-no-shadowed-rules.md';
const EARLIER = {
  file: 'map/routing/a.yaml',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 25,
  message: 'the earlier rule `all-leads`, which catches these records first',
};

function diag(over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: 'routing/no-shadowed-rules',
    severity: 'error',
    message: 'Routing rule `emea-leads` can never fire: the earlier rule `all-leads` catches every lead record.',
    file: 'map/routing/b.yaml',
    line: 8,
    column: 5,
    endLine: 8,
    endColumn: 21,
    path: ['routing', 4],
    docsUrl: DOCS,
    related: [EARLIER],
    ...over,
  };
}

const ctx: ReportContext = { sources: new Map(), color: false, rules: new Map(), toolVersion: '0.1.0', files: ['map/routing/b.yaml'] };

/** The embedded links of a SARIF plain text message, read as a SARIF viewer reads them (§3.11.6). */
function links(text: string): { before: string; links: { text: string; id: number }[] } {
  const unescape = (s: string): string => s.replace(/\\([\\[\]])/g, '$1');
  const found = [...text.matchAll(/(?<!\\)(?:\\\\)*\[((?:[^\\[\]]|\\[\\[\]])*)\]\((\d+)\)/g)];
  return {
    before: unescape(text.slice(0, found[0]?.index ?? text.length)),
    links: found.map((m) => ({ text: unescape(m[1]!), id: Number(m[2]) })),
  };
}

describe('sarif', () => {
  it('emits each related location with an id, its physical location and what it is, linked from the message', () => {
    const log = sarifLog([diag()], ctx);
    const run = log.runs[0]!;
    const result = run.results[0]! as (typeof run.results)[number] & { relatedLocations: unknown[] };
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'map/routing/a.yaml', uriBaseId: '%SRCROOT%', index: 0 },
          region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 25 },
        },
        message: { text: EARLIER.message },
      },
    ]);
    // the related file is an artifact of the run too, though no finding is in it
    expect(run.artifacts.map((a) => a.location.uri)).toEqual(['map/routing/a.yaml', 'map/routing/b.yaml']);
    expect(result.message.text).toBe(`${diag().message} See [${EARLIER.message}](1).`);
    expect(checkSarif(log)).toBe('valid');
  });

  it('escapes brackets and backslashes of map text, so only its own links read as links', () => {
    const message = 'Rule `a[1](2)` reads \\ the field `x]` [click](http://evil.example).';
    const related = [EARLIER, { ...EARLIER, line: 9, message: 'rule `[b](1)`' }];
    const text = sarifLog([diag({ message, related })], ctx).runs[0]!.results[0]!.message.text;
    expect(links(text)).toEqual({
      before: `${message} See `,
      links: [
        { text: EARLIER.message, id: 1 },
        { text: 'rule `[b](1)`', id: 2 },
      ],
    });
    expect(checkSarif(JSON.parse(sarif([diag({ message, related })], ctx)))).toBe('valid');
  });

  it('leaves a finding without related locations as it was: no relatedLocations, the message verbatim', () => {
    const result = sarifLog([diag({ related: undefined, message: 'a [b](1) c' })], ctx).runs[0]!.results[0]!;
    expect(result).not.toHaveProperty('relatedLocations');
    expect(result.message.text).toBe('a [b](1) c');
  });
});

describe('json', () => {
  it('carries `related` with each finding that has it, and nothing for one that does not', () => {
    const out = JSON.parse(formatters.json!([diag(), diag({ related: undefined, line: 9 })], ctx)) as { diagnostics: Diagnostic[] };
    expect(out.diagnostics[0]!.related).toEqual([EARLIER]);
    expect(out.diagnostics[1]).not.toHaveProperty('related');
  });
});

describe('stylish', () => {
  const source = 'routing:\n' + '  - x: 1\n'.repeat(6) + '  - id: emea-leads\n    name: EMEA\n';

  it('prints one line per related location under the finding, after its code frame', () => {
    const second = { ...EARLIER, file: 'map/routing/b.yaml', line: 2, column: 5, message: 'rule `other`' };
    const out = stylish([diag({ related: [EARLIER, second] })], { ...ctx, sources: new Map([['map/routing/b.yaml', source]]) });
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  map/routing/b.yaml:8:5  error  Routing rule `emea-leads`'));
    expect(lines.slice(at + 1, at + 9)).toEqual([
      '    7 |   - x: 1',
      '  > 8 |   - id: emea-leads',
      '      |     ^^^^^^^^^^^^^^',
      '    9 |     name: EMEA',
      '  related: map/routing/a.yaml:3:5 the earlier rule `all-leads`, which catches these records first',
      '  related: map/routing/b.yaml:2:5 rule `other`',
      '',
      '',
    ]);
  });

  it('without a source, the related lines follow the finding directly', () => {
    const lines = stylish([diag()], ctx).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '  map/routing/b.yaml:8:5  error  Routing rule `emea-leads` can never fire: the earlier rule `all-leads` catches every lead record.  routing/no-shadowed-rules',
      '  related: map/routing/a.yaml:3:5 the earlier rule `all-leads`, which catches these records first',
      '',
    ]);
  });

  it('dims the line and shows control characters in it, never writes them', () => {
    const evil = { ...EARLIER, file: 'map/\u001b[2Jx.yaml', message: 'rule `\u202eb`' };
    const out = stylish([diag({ related: [evil] })], { ...ctx, color: true });
    expect(out).toContain('  \u001b[2mrelated: map/\\x1b[2Jx.yaml:3:5 rule `\\u202eb`\u001b[0m\n');
    expect(out).not.toContain('\u202e');
  });
});
