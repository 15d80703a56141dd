import { XMLParser, XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../src/diagnostic.js';
import { formatters, type ReportContext, type RuleInfo } from '../src/report/index.js';
import { ANNOTATIONS_PER_KIND, escapeData, escapeProperty, github } from '../src/report/github.js';
import { type CodeQualityIssue, gitlab } from '../src/report/gitlab.js';
import { junit, xmlAttr, xmlText } from '../src/report/junit.js';
import { escapeMessage, FOLD_AFTER, markdown, MAX_CHARS } from '../src/report/markdown.js';
import { checkSarif } from './fixtures/report/sarif-validator.js';
import { artifactUri, fingerprint, pathString, sarif, sarifLog } from '../src/report/sarif.js';

const DOCS = 'https://github.com/gtmap/gtmap/blob/main/docs/rules/';

function diag(over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: 'ref/unresolved',
    severity: 'error',
    message: 'Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.',
    file: 'map/handoffs.yaml',
    line: 12,
    column: 12,
    endLine: 12,
    endColumn: 21,
    path: ['handoffs', 1, 'owner'],
    docsUrl: `${DOCS}ref-unresolved.md`,
    ...over,
  };
}

const rules = new Map<string, RuleInfo>([
  [
    'ref/unresolved',
    {
      id: 'ref/unresolved',
      description: 'A reference names an id that is not declared for that kind.',
      docsUrl: `${DOCS}ref-unresolved.md`,
      severity: 'error',
    },
  ],
  [
    'handoff/has-sla',
    { id: 'handoff/has-sla', description: 'A handoff states its SLA.', docsUrl: `${DOCS}handoff-has-sla.md`, severity: 'warn' },
  ],
  [
    'text/no-vague-language',
    {
      id: 'text/no-vague-language',
      description: 'Criteria avoid vague words.',
      docsUrl: `${DOCS}text-no-vague-language.md`,
      severity: 'info',
    },
  ],
]);

const ctx: ReportContext = {
  sources: new Map(),
  color: false,
  rules,
  toolVersion: '0.1.0',
  files: ['map/handoffs.yaml', 'map/teams.yaml'],
};

// untrusted map text as a rule would quote it
const HOSTILE =
  'Stage `<script>alert(1)</script>` says "a|b" & 100%\r\n::set-output name=x::y @sales-team [click](http://evil.example) ` odd tick ünïcødé 🚀';

describe('registry', () => {
  it('registers every CI format next to stylish and json', () => {
    expect(Object.keys(formatters)).toEqual(['stylish', 'json', 'sarif', 'github', 'gitlab', 'markdown', 'junit']);
  });
});

describe('sarif', () => {
  const valid = (text: string): unknown => checkSarif(JSON.parse(text));

  it('describes the tool, the rules that appear, and each result with location and fingerprint', () => {
    const d = diag();
    const log = JSON.parse(
      sarif(
        [
          d,
          diag({
            ruleId: 'handoff/has-sla',
            severity: 'warn',
            message: 'No SLA.',
            line: 3,
            column: 5,
            endLine: 3,
            endColumn: 9,
            path: ['handoffs', 0],
            docsUrl: `${DOCS}handoff-has-sla.md`,
          }),
        ],
        ctx,
      ),
    );
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'gtmap', version: '0.1.0', informationUri: 'https://github.com/gtmap/gtmap' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['handoff/has-sla', 'ref/unresolved']);
    expect(run.tool.driver.rules[1]).toEqual({
      id: 'ref/unresolved',
      shortDescription: { text: 'A reference names an id that is not declared for that kind.' },
      fullDescription: { text: 'A reference names an id that is not declared for that kind.' },
      helpUri: `${DOCS}ref-unresolved.md`,
      help: {
        text: `A reference names an id that is not declared for that kind.\n\nDocumentation: ${DOCS}ref-unresolved.md`,
        markdown: `**ref/unresolved**: A reference names an id that is not declared for that kind.\n\n[Rule documentation](${DOCS}ref-unresolved.md)`,
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['gtmap', 'ref'], precision: 'very-high', 'problem.severity': 'error' },
    });
    expect(run.tool.driver.rules[0].defaultConfiguration).toEqual({ level: 'warning' });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.results[0]).toEqual({
      ruleId: 'ref/unresolved',
      ruleIndex: 1,
      level: 'error',
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'map/handoffs.yaml', uriBaseId: '%SRCROOT%', index: 0 },
            region: { startLine: 12, startColumn: 12, endLine: 12, endColumn: 21 },
          },
          logicalLocations: [{ fullyQualifiedName: 'handoffs[1].owner' }],
        },
      ],
      partialFingerprints: { 'gtmap/v1': fingerprint(d), primaryLocationLineHash: `${fingerprint(d)}:1` },
    });
    expect(run.results[1]).toMatchObject({ ruleId: 'handoff/has-sla', ruleIndex: 0, level: 'warning' });
  });

  it('maps info to note and keeps rules it has no metadata for', () => {
    const log = sarifLog([diag({ ruleId: 'custom/thing', severity: 'info', docsUrl: `${DOCS}custom-thing.md` })], ctx);
    const run = log.runs[0]!;
    expect(run.results[0]!.level).toBe('note');
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'custom/thing',
      helpUri: `${DOCS}custom-thing.md`,
      shortDescription: { text: 'gtmap rule custom/thing.' },
      defaultConfiguration: { level: 'warning' },
    });
  });

  it('uses the rationale as the full description when the catalogue carries one', () => {
    const withWhy = new Map(rules);
    withWhy.set('ref/unresolved', {
      ...rules.get('ref/unresolved')!,
      rationale: 'An owner that is not a team is an ownership gap.',
    } as RuleInfo);
    const rule = sarifLog([diag()], { ...ctx, rules: withWhy }).runs[0]!.tool.driver.rules[0]!;
    expect(rule.fullDescription.text).toBe(
      'A reference names an id that is not declared for that kind. An owner that is not a team is an ownership gap.',
    );
    expect(rule.help.markdown).toContain('**Why it matters:** An owner that is not a team is an ownership gap.');
  });

  it('keeps a fingerprint when the finding moves to another line, and changes it for another path or message', () => {
    // regression: fingerprints must not include the line, or every edit above a finding reopens its alert
    const a = diag();
    expect(fingerprint(diag({ line: 40, endLine: 40 }))).toBe(fingerprint(a));
    expect(fingerprint(diag({ path: ['handoffs', 2, 'to'] }))).not.toBe(fingerprint(a));
    // the entity moved in its list (one was inserted above it): same finding, same identity
    expect(fingerprint(diag({ path: [...a.path].map((s) => (typeof s === 'number' ? s + 3 : s)) }))).toBe(fingerprint(a));
    expect(fingerprint(diag({ message: 'Another message.' }))).not.toBe(fingerprint(a));
    expect(fingerprint(diag({ file: 'map/other.yaml' }))).not.toBe(fingerprint(a));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('numbers identical findings so each keeps its own alert', () => {
    const run = sarifLog([diag(), diag({ line: 30, endLine: 30 })], ctx).runs[0]!;
    expect(run.results.map((r) => r.partialFingerprints.primaryLocationLineHash)).toEqual([
      `${fingerprint(diag())}:1`,
      `${fingerprint(diag())}:2`,
    ]);
  });

  it('writes relative URIs with forward slashes and percent-encoding, absolute paths as file URIs', () => {
    expect(artifactUri('map\\pipelines\\new business.yaml')).toEqual({ uri: 'map/pipelines/new%20business.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactUri('./map/a:b#c.yaml')).toEqual({ uri: 'map/a%3Ab%23c.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactUri('/home/ci/repo/map/teams.yaml')).toEqual({ uri: 'file:///home/ci/repo/map/teams.yaml' });
    expect(artifactUri('C:\\repo\\map\\teams.yaml')).toEqual({ uri: 'file:///C:/repo/map/teams.yaml' });
  });

  it('names model paths the way a reader writes them', () => {
    expect(pathString(['pipelines', 0, 'stages', 3, 'exitCriteria'])).toBe('pipelines[0].stages[3].exitCriteria');
    expect(pathString(['__header__', 'lint', 'rules', 'handoff/has-sla'])).toBe('__header__.lint.rules["handoff/has-sla"]');
    expect(pathString([])).toBe('');
  });

  it('never writes an empty or backwards region', () => {
    const r = sarifLog([diag({ line: 0, column: 0, endLine: 0, endColumn: 0 })], ctx).runs[0]!.results[0]!.locations[0]!.physicalLocation
      .region;
    expect(r).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 });
  });

  it('carries hostile map text verbatim inside JSON', () => {
    const text = sarif([diag({ message: HOSTILE })], ctx);
    expect(JSON.parse(text).runs[0].results[0].message.text).toBe(HOSTILE);
    expect(text).not.toContain('\r');
  });

  it('keeps the most severe findings under GitHub’s per-run result limit and says how many it left out', () => {
    const diags = (['info', 'error', 'warn', 'info', 'error'] as Severity[]).map((severity, i) =>
      diag({ severity, line: i + 1, endLine: i + 1 }),
    );
    const run = sarifLog(diags, ctx, 3).runs[0]!;
    expect(run.results.map((r) => `${r.level}@${r.locations[0]!.physicalLocation.region.startLine}`)).toEqual([
      'error@2',
      'warning@3',
      'error@5',
    ]);
    expect(run.invocations[0]!.toolExecutionNotifications![0]!.message.text).toBe(
      '2 less severe findings were left out: GitHub code scanning rejects a run with more than 3 results. Run `gtmap lint --format json` to see them all.',
    );
  });

  it('validates against the SARIF 2.1.0 schema, with findings, with hostile text and with none', () => {
    expect(
      valid(
        sarif(
          [diag(), diag({ severity: 'warn', ruleId: 'handoff/has-sla' }), diag({ severity: 'info', ruleId: 'x/y', file: 'a b/c.yaml' })],
          ctx,
        ),
      ),
    ).toBe('valid');
    expect(valid(sarif([diag({ message: HOSTILE, file: '/abs/map/teams.yaml' })], ctx))).toBe('valid');
    expect(valid(sarif([], ctx))).toBe('valid');
    expect(valid(JSON.stringify(sarifLog([diag(), diag()], ctx, 1)))).toBe('valid');
  });

  it('the schema check can fail: a result without a message is rejected', () => {
    const log = sarifLog([diag()], ctx) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete log.runs[0]!.results[0]!.message;
    expect(checkSarif(log)).not.toBe('valid');
  });

  it('is deterministic', () => {
    expect(sarif([diag(), diag({ severity: 'warn' })], ctx)).toBe(sarif([diag(), diag({ severity: 'warn' })], ctx));
  });
});

describe('github', () => {
  it('escapes data and properties as the runner expects', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  it('writes one annotation per finding with location, title and escaped message', () => {
    const out = github([diag({ file: 'map/odd,name:x.yaml', message: HOSTILE })], ctx);
    expect(out).toBe(
      '::error file=map/odd%2Cname%3Ax.yaml,line=12,col=12,endLine=12,endColumn=21,title=ref/unresolved::' +
        'Stage `<script>alert(1)</script>` says "a|b" & 100%25%0D%0A::set-output name=x::y @sales-team [click](http://evil.example) ` odd tick ünïcødé 🚀\n' +
        'gtmap: 1 problem (1 error, 0 warnings) in 2 files\n',
    );
  });

  it('uses warning and notice for lower severities', () => {
    const out = github(
      [
        diag({ severity: 'warn', ruleId: 'handoff/has-sla', message: 'w' }),
        diag({ severity: 'info', ruleId: 'text/no-vague-language', message: 'i' }),
      ],
      ctx,
    );
    expect(out.split('\n').slice(0, 2)).toEqual([
      '::warning file=map/handoffs.yaml,line=12,col=12,endLine=12,endColumn=21,title=handoff/has-sla::w',
      '::notice file=map/handoffs.yaml,line=12,col=12,endLine=12,endColumn=21,title=text/no-vague-language::i',
    ]);
  });

  it('no line of output can start another workflow command', () => {
    const out = github(
      [
        diag({ message: 'x\n::add-mask::secret\n  ::set-env name=A::b\r##[error]y' }),
        ...Array.from({ length: 12 }, (_, i) => diag({ message: `m${i}\n::stop-commands::t`, line: i + 1 })),
      ],
      ctx,
    );
    for (const line of out.trimEnd().split('\n')) {
      const t = line.trimStart();
      if (t.startsWith('::')) expect(t).toMatch(/^::((error|warning|notice) |group::gtmap: |endgroup::$)/);
      expect(t.startsWith('##[')).toBe(false);
    }
  });

  it('annotates the most severe findings up to GitHub’s per-step cap per kind and lists the rest in the log', () => {
    const diags: Diagnostic[] = [
      ...Array.from({ length: 14 }, (_, i) =>
        diag({ severity: 'info', ruleId: 'text/no-vague-language', line: 100 + i, message: `info ${i}` }),
      ),
      ...Array.from({ length: 12 }, (_, i) => diag({ severity: 'warn', ruleId: 'handoff/has-sla', line: 200 + i, message: `warn ${i}` })),
      ...Array.from({ length: 13 }, (_, i) => diag({ line: 300 + i, message: `error ${i}` })),
    ];
    const lines = github(diags, ctx).trimEnd().split('\n');
    const kinds = lines.map((l) => /^::(error|warning|notice) file=/.exec(l)?.[1]).filter(Boolean);
    // errors first, then warnings, then notices; 9 notices leave room for the "left out" notice
    expect(kinds).toEqual([...Array(10).fill('error'), ...Array(10).fill('warning'), ...Array(9).fill('notice')]);
    expect(ANNOTATIONS_PER_KIND).toBe(10);
    expect(lines[0]).toMatch(/title=ref\/unresolved::error 0$/);
    expect(lines[29]).toBe(
      "::notice title=gtmap::10 more findings (3 errors, 2 warnings, 5 info) not annotated: GitHub shows at most 10 errors, 10 warnings and 10 notices per step. They are listed in this step's log; to see every finding in the pull request, also write SARIF (--format sarif:gtmap.sarif) and upload it to code scanning.",
    );
    expect(lines[30]).toBe('::group::gtmap: 10 findings not shown as annotations');
    expect(lines.slice(31, 34)).toEqual([
      '  - map/handoffs.yaml:310:12  error  error 10  ref/unresolved',
      '  - map/handoffs.yaml:311:12  error  error 11  ref/unresolved',
      '  - map/handoffs.yaml:312:12  error  error 12  ref/unresolved',
    ]);
    expect(lines.slice(31, 41).filter((l) => l.includes('  info  '))).toHaveLength(5);
    expect(lines[41]).toBe('::endgroup::');
    expect(lines.at(-1)).toBe('gtmap: 39 problems (13 errors, 12 warnings, 14 info) in 2 files');
    expect(lines).toHaveLength(43);
  });

  it('uses all ten notices when nothing is left out', () => {
    const out = github(
      Array.from({ length: 10 }, (_, i) => diag({ severity: 'info', line: i + 1 })),
      ctx,
    );
    expect(out.split('\n').filter((l) => l.startsWith('::notice file=')).length).toBe(10);
    expect(out).not.toContain('not annotated');
  });

  it('prints a clean summary when there is nothing to report', () => {
    expect(github([], ctx)).toBe('gtmap: no problems in 2 files\n');
  });
});

describe('markdown', () => {
  const md = new MarkdownIt({ html: true });

  it('says so plainly when there are no problems', () => {
    expect(markdown([], ctx)).toBe('### ✅ gtmap: no problems\n\nChecked 2 files; every check passed.\n\n<sub>gtmap 0.1.0</sub>\n');
  });

  it('writes a heading with counts and a table per file with rule links', () => {
    const out = markdown(
      [
        diag(),
        diag({
          severity: 'warn',
          ruleId: 'handoff/has-sla',
          message: 'Handoff `x` has no SLA.',
          file: 'map/teams.yaml',
          line: 3,
          column: 5,
          docsUrl: `${DOCS}handoff-has-sla.md`,
        }),
      ],
      ctx,
    );
    expect(out).toBe(
      [
        '### ❌ gtmap: 2 problems (1 error, 1 warning) in 2 files',
        '',
        '#### <code>map/handoffs.yaml</code>: 1 error',
        '',
        '| Line | Severity | Rule | Message |',
        '| ---: | --- | --- | --- |',
        `| 12:12 | ⛔ error | [ref/unresolved](${DOCS}ref-unresolved.md) | Handoff <code>sdr-to-ae</code> names owner <code>sales-dev</code>, which is not a team. |`,
        '',
        '#### <code>map/teams.yaml</code>: 1 warning',
        '',
        '| Line | Severity | Rule | Message |',
        '| ---: | --- | --- | --- |',
        `| 3:5 | ⚠️ warning | [handoff/has-sla](${DOCS}handoff-has-sla.md) | Handoff <code>x</code> has no SLA. |`,
        '',
        '<sub>gtmap 0.1.0</sub>',
        '',
      ].join('\n'),
    );
  });

  it('escapes map text so it cannot break the table, inject HTML or links, or mention people', () => {
    const out = markdown(
      [
        diag({
          message:
            'Stage `<script>alert(1)</script>|x` is "a|b" <img src=x onerror=y> & [click](http://evil.example) *bold* @sales-team\nline two',
        }),
      ],
      ctx,
    );
    const row = out.split('\n').find((l) => l.startsWith('| 12:12'))!;
    expect(row).toBe(
      `| 12:12 | ⛔ error | [ref/unresolved](${DOCS}ref-unresolved.md) | Stage <code>&lt;script&gt;alert(1)&lt;/script&gt;&#124;x</code> is "a&#124;b" &lt;img src=x onerror=y&gt; &amp; \\[click\\](http://evil.example) \\*bold\\* @\u200bsales-team<br>line two |`,
    );
    const html = md.render(out);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).not.toContain('href="http://evil.example"');
    expect(html).not.toContain('<em>');
    // one row, four cells: the pipes stayed inside their cell
    expect(html.match(/<td[ >]/g)).toHaveLength(4);
  });

  it('falls back to plain text when backticks do not pair up', () => {
    expect(escapeMessage('Stage `a` has a stray ` tick')).toBe('Stage \\`a\\` has a stray \\` tick');
    expect(escapeMessage('`a|b`')).toBe('<code>a&#124;b</code>');
  });

  it('folds each file into <details> and adds a per-rule table when the list is long', () => {
    const sla = { ruleId: 'handoff/has-sla', docsUrl: `${DOCS}handoff-has-sla.md` };
    const diags = Array.from({ length: FOLD_AFTER + 1 }, (_, i) =>
      diag({ line: i + 1, file: i % 2 ? 'map/teams.yaml' : 'map/a&b.yaml', ...(i % 3 ? {} : sla) }),
    );
    const out = markdown(diags, ctx);
    expect(out).toContain(
      `| Rule | Findings |\n| --- | ---: |\n| [ref/unresolved](${DOCS}ref-unresolved.md) | 10 |\n| [handoff/has-sla](${DOCS}handoff-has-sla.md) | 6 |\n`,
    );
    expect(out).toContain('<details>\n<summary><code>map/a&amp;b.yaml</code>: 8 errors</summary>\n\n| Line |');
    expect(out).toContain('<summary><code>map/teams.yaml</code>: 8 errors</summary>');
    expect(out.match(/<\/details>/g)).toHaveLength(2);
    expect(markdown(diags.slice(0, FOLD_AFTER), ctx)).not.toContain('<details>');
  });

  it('stays under GitHub’s comment size limit and says how many findings it left out', () => {
    const diags = Array.from({ length: 2000 }, (_, i) => diag({ line: i + 1, message: `Finding ${i} `.padEnd(120, 'x') }));
    const out = markdown(diags, ctx);
    expect(out.length).toBeLessThan(MAX_CHARS + 1000);
    const shown = out.split('\n').filter((l) => /^\| \d+:\d+ \|/.test(l)).length;
    expect(shown).toBeGreaterThan(100);
    // counts are written with thousands separators, as every count in gtmap's output
    expect(out).toContain(
      `_${(2000 - shown).toLocaleString('en-US')} more findings not shown: this comment would pass GitHub's size limit. Run \`gtmap lint\` to see them all._`,
    );
  });
});

describe('junit', () => {
  it('writes a suite per file, a failure per finding and a passing case per clean file', () => {
    const out = junit([diag()], ctx);
    expect(out).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="gtmap 0.1.0" tests="2" failures="1" errors="0" skipped="0">',
        '  <testsuite name="map/handoffs.yaml" tests="1" failures="1" errors="0" skipped="0">',
        '    <testcase classname="map/handoffs.yaml" name="ref/unresolved at 12:12" file="map/handoffs.yaml" line="12">',
        '      <failure type="ref/unresolved" message="error: Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.">error ref/unresolved at map/handoffs.yaml:12:12',
        'Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team.',
        `Docs: ${DOCS}ref-unresolved.md</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="map/teams.yaml" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase classname="map/teams.yaml" name="no problems" file="map/teams.yaml"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes markup and replaces characters XML 1.0 cannot carry', () => {
    // control characters are shown as every terminal format shows them (escapeControl); what XML still cannot hold as \u
    expect(xmlText('a<b>&]]> \u001b[31m\u0000 \ud800 \ufffe ok 🚀')).toBe('a&lt;b&gt;&amp;]]&gt; \\x1b[31m\\x00 \\ud800 \\ufffe ok 🚀');
    // a CR is a line break like LF
    expect(xmlAttr('say "hi" it\'s\n\tnext\r')).toBe('say &quot;hi&quot; it&apos;s&#10;&#9;next&#10;');
  });

  it('stays well-formed with hostile text and round-trips it through a parser', () => {
    const message = `${HOSTILE} \u0007bell ]]> <![CDATA[x]]>`;
    const out = junit([diag({ message, file: 'map/"q"&<f>.yaml' })], ctx);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: true }).parse(
      out,
    );
    // the file was not in ctx.files, so its suite comes after the checked files
    const suite = parsed.testsuites.testsuite[2];
    expect(suite.name).toBe('map/"q"&<f>.yaml');
    expect(suite.testcase.failure['#text']).toContain('<script>alert(1)</script>');
    expect(suite.testcase.failure['#text']).toContain('\\x07bell ]]> <![CDATA[x]]>');
    expect(suite.testcase.failure.type).toBe('ref/unresolved');
  });

  it('lists a file that has findings but was not in the checked list', () => {
    const out = junit([diag({ file: 'elsewhere.yaml' })], { ...ctx, files: [] });
    expect(out).toContain(
      '<testsuites name="gtmap 0.1.0" tests="1" failures="1" errors="0" skipped="0">\n  <testsuite name="elsewhere.yaml" tests="1" failures="1"',
    );
  });
});

describe('gitlab (Code Quality)', () => {
  const parse = (text: string): CodeQualityIssue[] => JSON.parse(text) as CodeQualityIssue[];

  it('one Code Climate issue per finding, with GitLab severities and the line', () => {
    const out = parse(
      gitlab(
        [
          diag(),
          diag({ ruleId: 'handoff/has-sla', severity: 'warn', line: 20, path: ['handoffs', 2] }),
          diag({ severity: 'info', line: 30 }),
        ],
        ctx,
      ),
    );
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({
      description: 'Handoff `sdr-to-ae` names owner `sales-dev`, which is not a team. (ref/unresolved)',
      check_name: 'ref/unresolved',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'major',
      location: { path: 'map/handoffs.yaml', lines: { begin: 12 } },
    });
    expect(out.map((i) => i.severity)).toEqual(['major', 'minor', 'info']);
    expect(new Set(out.map((i) => i.fingerprint)).size).toBe(3);
  });

  it('a fingerprint survives a finding moving to another line, and changes with the rule, file, path or message', () => {
    const fp = (d: Diagnostic): string => parse(gitlab([d], ctx))[0]!.fingerprint;
    const base = fp(diag());
    expect(fp(diag({ line: 40, column: 3, endLine: 40, endColumn: 9 }))).toBe(base);
    expect(fp(diag({ ruleId: 'handoff/has-sla' }))).not.toBe(base);
    expect(fp(diag({ file: 'map/other.yaml' }))).not.toBe(base);
    expect(fp(diag({ path: ['handoffs', 2, 'owner'] }))).not.toBe(base);
    expect(fp(diag({ message: 'Another message.' }))).not.toBe(base);
  });

  it('two identical findings get distinct fingerprints', () => {
    const out = parse(gitlab([diag(), diag({ line: 13 })], ctx));
    expect(out[0]!.fingerprint).not.toBe(out[1]!.fingerprint);
  });

  it('says when the run was partial, and escapes control characters in map text', () => {
    const out = parse(
      gitlab([diag({ message: 'Team `a\u001b[31mb\u202e`' })], {
        ...ctx,
        skipped: [{ what: 'section `routing`', why: 'it has a schema error', file: 'map/routing.yaml', line: 4, column: 3 }],
      }),
    );
    expect(out[0]!.description).toBe('Team `a\\x1b[31mb\\u202e` (ref/unresolved)');
    expect(out[1]).toMatchObject({
      check_name: 'gtmap/not-linted',
      severity: 'minor',
      location: { path: 'map/routing.yaml', lines: { begin: 4 } },
    });
    expect(out[1]!.description).toMatch(/^Not linted: section `routing`/);
  });

  it('a clean run is an empty array', () => {
    expect(gitlab([], ctx)).toBe('[]\n');
  });
});
