// A partial run (parts of the map left out of lint by YAML or schema errors) must never look complete, in any format.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, SkipNotice } from '../src/diagnostic.js';
import { formatters, type ReportContext } from '../src/report/index.js';
import { ANNOTATIONS_PER_KIND } from '../src/report/github.js';
import { NOT_LINTED_SUITE } from '../src/report/junit.js';
import { sarifLog } from '../src/report/sarif.js';
import { checkSarif } from './fixtures/report/sarif-validator.js';

const DOCS = 'https://github.com/gtmap/gtmap/blob/main/docs/rules/';

function diag(over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: 'ref/unresolved',
    severity: 'error',
    message: 'Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.',
    file: 'map/handoffs.yaml',
    line: 2,
    column: 12,
    endLine: 2,
    endColumn: 21,
    path: ['handoffs', 0, 'owner'],
    docsUrl: `${DOCS}ref-unresolved.md`,
    ...over,
  };
}

const SKIPS: SkipNotice[] = [
  {
    what: 'Team `marketing` (map/teams.yaml)',
    why: 'it has a schema error at map/teams.yaml:4:5',
    file: 'map/teams.yaml',
    line: 4,
    column: 5,
  },
  {
    what: 'rule routing/has-fallback',
    why: 'it reasons over the whole of `routing`, and `routing` is incomplete: Rule 1 of `routing` has a schema error at map/routing.yaml:3:9',
    rules: ['routing/has-fallback'],
  },
];

const complete: ReportContext = {
  sources: new Map([['map/handoffs.yaml', 'handoffs:\n  - owner: sales-dev\n']]),
  color: false,
  rules: new Map(),
  toolVersion: '0.1.0',
  files: ['map/handoffs.yaml', 'map/teams.yaml'],
};
const partial: ReportContext = { ...complete, skipped: SKIPS };
const NOTICE_1 = 'Team `marketing` (map/teams.yaml), because it has a schema error at map/teams.yaml:4:5';
const NOTICE_2 =
  'rule routing/has-fallback, because it reasons over the whole of `routing`, and `routing` is incomplete: Rule 1 of `routing` has a schema error at map/routing.yaml:3:9';

describe('stylish, partial run', () => {
  it('lists what was not linted, one line each, after the findings, and says so in the summary line', () => {
    expect(formatters.stylish!([diag()], partial)).toBe(
      [
        '  map/handoffs.yaml:2:12  error  Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.  ref/unresolved',
        '    1 | handoffs:',
        '  > 2 |   - owner: sales-dev',
        '      |            ^^^^^^^^^',
        '',
        '',
        '⚠ Partial run: 2 parts of the map were not linted, so problems there are not listed:',
        `  - not linted: ${NOTICE_1}`,
        `  - not linted: ${NOTICE_2}`,
        '',
        '✖ 1 problem (1 error, 0 warnings) in 2 files; partial run: 2 parts not linted',
        '',
      ].join('\n'),
    );
  });

  it('a partial run with no findings is not reported as clean', () => {
    const out = formatters.stylish!([], partial);
    expect(out).not.toContain('✔');
    expect(out.trimEnd().split('\n').at(-1)).toBe('⚠ no problems found in 2 files, but this was a partial run: 2 parts not linted');
    expect(out).toContain(`  - not linted: ${NOTICE_2}\n`);
  });

  it('a complete run has no such block', () => {
    const out = formatters.stylish!([diag()], complete);
    expect(out).not.toMatch(/partial|not linted/i);
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 1 problem (1 error, 0 warnings) in 2 files');
    expect(formatters.stylish!([], { ...complete, skipped: [] })).toBe('✔ no problems in 2 files\n');
  });

  it('names rules not run that the notice does not already name', () => {
    const out = formatters.stylish!([], {
      ...complete,
      skipped: [{ what: 'section `routing`', why: 'it is not a list', rules: ['routing/has-fallback', 'routing/segment-routed'] }],
    });
    expect(out).toContain(
      '  - not linted: section `routing`, because it is not a list (rules not run: routing/has-fallback, routing/segment-routed)\n',
    );
  });
});

describe('json, partial run', () => {
  it('carries lintSkipped with the documented fields', () => {
    const out = JSON.parse(
      formatters.json!([diag()], { ...partial, skipped: [...SKIPS, { ...SKIPS[0]!, extra: 'not documented' } as SkipNotice] }),
    );
    expect(Object.keys(out)).toEqual(['version', 'files', 'summary', 'lintSkipped', 'diagnostics']);
    expect(out.lintSkipped).toEqual([...SKIPS, SKIPS[0]]);
  });

  it('lintSkipped is always present, empty when the run was complete', () => {
    expect(JSON.parse(formatters.json!([diag()], complete)).lintSkipped).toEqual([]);
    expect(JSON.parse(formatters.json!([], { ...complete, skipped: [] })).lintSkipped).toEqual([]);
  });
});

describe('sarif, partial run', () => {
  it('marks the invocation unsuccessful with one warning notification per notice, located when the notice has a place', () => {
    const log = sarifLog([diag()], partial);
    expect(checkSarif(log)).toBe('valid');
    const inv = log.runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: `Not linted: ${NOTICE_1}.` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'map/teams.yaml', uriBaseId: '%SRCROOT%', index: 1 },
              region: { startLine: 4, startColumn: 5 },
            },
          },
        ],
      },
      { level: 'warning', message: { text: `Not linted: ${NOTICE_2}.` }, properties: { rulesNotRun: ['routing/has-fallback'] } },
    ]);
  });

  it('keeps the notice about results left out next to the skip notices', () => {
    const log = sarifLog([diag(), diag({ severity: 'warn', line: 3, endLine: 3 })], partial, 1);
    expect(checkSarif(log)).toBe('valid');
    const texts = log.runs[0]!.invocations[0]!.toolExecutionNotifications!.map((n) => n.message.text);
    expect(texts).toHaveLength(3);
    expect(texts[2]).toMatch(/^1 less severe findings were left out/);
  });

  it('a complete run is successful and has no notifications', () => {
    const log = sarifLog([diag()], complete);
    expect(checkSarif(log)).toBe('valid');
    expect(log.runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
  });
});

describe('markdown, partial run', () => {
  const md = new MarkdownIt({ html: true });

  it('says partial in the heading and lists each notice, escaped like the findings', () => {
    const out = formatters.markdown!([diag()], partial);
    const lines = out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '### ❌ gtmap: 1 problem (1 error) in 2 files (partial run)',
      '',
      '**⚠️ Partial run:** 2 parts of the map were not linted, so problems there are not listed:',
      '',
      '- Not linted: Team <code>marketing</code> (map/teams.yaml), because it has a schema error at map/teams.yaml:4:5',
      '- Not linted: rule routing/has-fallback, because it reasons over the whole of <code>routing</code>, and <code>routing</code> is incomplete: Rule 1 of <code>routing</code> has a schema error at map/routing.yaml:3:9',
    ]);
  });

  it('a notice holding map text cannot inject HTML, links or mentions', () => {
    const out = formatters.markdown!([diag()], {
      ...complete,
      skipped: [{ what: 'Team `<img src=x onerror=y>` @sales [x](http://evil.example)', why: 'it has a schema error\n| a | b |' }],
    });
    const html = md.render(out);
    expect(html).not.toMatch(/<img|href="http:\/\/evil/);
    expect(out).toContain('@\u200bsales');
    expect(out).toContain(
      '- Not linted: Team <code>&lt;img src=x onerror=y&gt;</code> @\u200bsales \\[x\\](http://evil.example), because it has a schema error<br>&#124; a &#124; b &#124;',
    );
  });

  it('a partial run with no findings is not reported as passing', () => {
    const out = formatters.markdown!([], partial);
    expect(out).not.toContain('✅');
    expect(out).not.toContain('every check passed');
    expect(out.split('\n')[0]).toBe('### ⚠️ gtmap: no problems found, but the run was partial');
    expect(out).toContain(`- Not linted: rule routing/has-fallback, because`);
  });

  it('a complete run says nothing about skipping', () => {
    expect(formatters.markdown!([diag()], complete)).not.toMatch(/partial|not linted/i);
    expect(formatters.markdown!([], complete)).toBe(
      '### ✅ gtmap: no problems\n\nChecked 2 files; every check passed.\n\n<sub>gtmap 0.1.0</sub>\n',
    );
  });
});

describe('github, partial run', () => {
  it('writes a warning per notice, at its place when it has one, and a partial summary line', () => {
    const lines = formatters.github!([diag()], partial).trimEnd().split('\n');
    expect(lines).toEqual([
      `::warning file=map/teams.yaml,line=4,col=5,title=gtmap%3A not linted::Not linted: ${NOTICE_1}. Findings there are not reported until this is fixed.`,
      `::warning title=gtmap%3A not linted::Not linted: ${NOTICE_2}. Findings there are not reported until this is fixed.`,
      '::error file=map/handoffs.yaml,line=2,col=12,endLine=2,endColumn=21,title=ref/unresolved::Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.',
      'gtmap: 1 problem (1 error, 0 warnings) in 2 files; partial run: 2 parts not linted (see the warnings above)',
    ]);
  });

  it('escapes notice text like any message: one line, no new workflow command', () => {
    const out = formatters.github!([], {
      ...complete,
      skipped: [{ what: 'x\n::add-mask::secret', why: '100%\r\n::stop-commands::t', file: 'a,b:c.yaml', line: 1 }],
    });
    expect(out.split('\n')[0]).toBe(
      '::warning file=a%2Cb%3Ac.yaml,line=1,title=gtmap%3A not linted::Not linted: x%0A::add-mask::secret, because 100%25%0D%0A::stop-commands::t. Findings there are not reported until this is fixed.',
    );
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      'gtmap: no problems found in 2 files; partial run: 1 part not linted (see the warnings above)',
    );
  });

  it('the notices share GitHub’s warning cap with the findings, and come first', () => {
    const warns = Array.from({ length: ANNOTATIONS_PER_KIND }, (_, i) =>
      diag({ severity: 'warn', ruleId: 'handoff/has-sla', line: i + 1, message: `warn ${i}` }),
    );
    const lines = formatters.github!(warns, partial).trimEnd().split('\n');
    const warnings = lines.filter((l) => l.startsWith('::warning '));
    expect(warnings).toHaveLength(ANNOTATIONS_PER_KIND);
    expect(warnings.slice(0, 2).every((l) => l.includes('title=gtmap%3A not linted'))).toBe(true);
    expect(lines).toContain('::group::gtmap: 2 findings not shown as annotations');
  });

  it('a complete run has no notice warnings', () => {
    expect(formatters.github!([diag()], complete)).toBe(
      '::error file=map/handoffs.yaml,line=2,col=12,endLine=2,endColumn=21,title=ref/unresolved::Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.\ngtmap: 1 problem (1 error, 0 warnings) in 2 files\n',
    );
  });
});

describe('junit, partial run', () => {
  const parse = (xml: string) =>
    new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: true,
      htmlEntities: true,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml);

  it('adds a suite of skipped test cases, one per notice, counted in the totals', () => {
    const out = formatters.junit!([diag()], partial);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('<testsuites name="gtmap 0.1.0" tests="4" failures="1" errors="0" skipped="2">');
    const suites = parse(out).testsuites.testsuite;
    const notLinted = suites.at(-1);
    expect(notLinted).toMatchObject({ name: NOT_LINTED_SUITE, tests: '2', failures: '0', skipped: '2' });
    expect(
      notLinted.testcase.map((c: { name: string; file?: string; line?: string; skipped: { message: string } }) => [
        c.name,
        c.file,
        c.line,
        c.skipped.message,
      ]),
    ).toEqual([
      ['Team `marketing` (map/teams.yaml)', 'map/teams.yaml', '4', `Not linted: ${NOTICE_1}.`],
      ['rule routing/has-fallback', undefined, undefined, `Not linted: ${NOTICE_2}.`],
    ]);
  });

  it('a complete run skips nothing', () => {
    const out = formatters.junit!([diag()], complete);
    expect(out).not.toContain(NOT_LINTED_SUITE);
    expect(out).not.toMatch(/skipped="[1-9]/);
  });
});
