// Map text (messages, paths, rule ids, source lines, skip notices) cannot drive a terminal or a CI log:
// every control character reaches the output in a visible form, never raw.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { formatters, type ReportContext } from '../src/report/index.js';
import { HEADER, makeMap, runCli, tempDir } from './helpers.js';

// an OSC title change, a clear-screen, NUL, DEL, a C1 CSI and a right-to-left override
const EVIL = '\u001b]0;title\u0007 \u001b[2J \u0000 \u007f \u009b \u202e';
const SHOWN = ['\\x1b]0;title\\x07', '\\x1b[2J', '\\x00', '\\x7f', '\\x9b', '\\u202e'];
// what escapeControl rewrites: C0 but tab and newline, DEL, C1, bidi overrides and isolates
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const file = `map/odd${EVIL}.yaml`;
const d: Diagnostic = {
  ruleId: `x/rule${EVIL}`,
  severity: 'error',
  message: `Team \`a${EVIL}\` names ${EVIL}, which is not a team.`,
  file,
  line: 2,
  column: 9,
  endLine: 2,
  endColumn: 12,
  path: ['teams', 0, 'name'],
  docsUrl: 'https://github.com/gtmap/gtmap/blob/main/docs/rules/x-rule.md',
};
const ctx: ReportContext = {
  sources: new Map([[file, `teams:\n  - id: ${EVIL} a\n    name: x${EVIL}\n`]]),
  color: false,
  rules: new Map(),
  toolVersion: '0.1.0',
  files: [file],
  skipped: [{ what: `Team \`a${EVIL}\` (${file})`, why: `it has a schema error at ${file}:2:9`, file, line: 2, column: 9 }],
};

function expectSafe(out: string): void {
  expect(out).not.toMatch(RAW);
  for (const s of SHOWN) expect(out).toContain(s);
}

describe('terminal and log formats show control characters, never write them', () => {
  for (const name of ['stylish', 'github', 'junit'] as const) {
    it(name, () => expectSafe(formatters[name]!([d], ctx)));
  }

  it('stylish shows the source line of the code frame escaped, caret under the finding', () => {
    const out = formatters.stylish!([d], ctx);
    expect(out).toContain(
      `  > 2 |   - id: ${SHOWN[0]} ${SHOWN[1]} ${SHOWN[2]} ${SHOWN[3]} ${SHOWN[4]} ${SHOWN[5]} a\n      |         ^^^^^^\n`,
    );
  });

  it('stylish in colour adds only its own colour codes', () => {
    const out = formatters.stylish!([d], { ...ctx, color: true });
    expect(out).toContain('\u001b[31m');
    expectSafe(out.replace(/\u001b\[\d+m/g, ''));
  });

  it('markdown escapes them in the source and a renderer shows them', () => {
    const out = formatters.markdown!([d], ctx);
    expect(out).not.toMatch(RAW);
    const html = new MarkdownIt({ html: true }).render(out);
    expect(html).not.toMatch(RAW);
    for (const s of SHOWN) expect(html).toContain(s);
  });

  it('junit stays well-formed and its parsed text holds the visible forms', () => {
    const out = formatters.junit!([d], ctx);
    expect(XMLValidator.validate(out)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: true }).parse(
      out,
    );
    const failure = parsed.testsuites.testsuite[0].testcase.failure;
    expectSafe(failure['#text']);
    expectSafe(failure.type);
  });

  it('json and sarif keep values exact but write no control character raw', () => {
    for (const name of ['json', 'sarif'] as const) {
      const out = formatters[name]!([d], ctx);
      expect(out).not.toMatch(RAW);
      expect(out).toContain('\\u001b]0;title\\u0007');
      expect(out).toContain('\\u009b');
    }
    expect(JSON.parse(formatters.json!([d], ctx)).diagnostics[0].message).toBe(d.message);
    expect(JSON.parse(formatters.sarif!([d], ctx)).runs[0].results[0].message.text).toBe(d.message);
  });
});

describe('the CLI on a map holding control characters', () => {
  // YAML escapes put the characters into values; the raw bytes in notes.yaml make a YAML error with a code frame
  const map = (): string =>
    makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': 'teams:\n  - { id: a, name: A }\n  - { id: b, name: B }\n',
      'handoffs.yaml':
        'handoffs:\n  - id: h-1\n    name: H\n    from: a\n    to: "zz\\e]0;title\\a \\e[2J \\0 \\x7f \\x9b \\u202e"\n    owner: a\n',
      'notes.yaml': `x: 1\n# raw: ${EVIL.replace('\u0000', '')}\n`,
    });

  it('lint: stylish and github output hold no raw control character', () => {
    const dir = map();
    for (const format of ['stylish', 'github']) {
      const r = runCli(['lint', dir, '--format', format]);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toContain('zz\\x1b]0;title\\x07 \\x1b[2J \\x00 \\x7f \\x9b \\u202e');
    }
    expect(runCli(['lint', dir]).stdout).toContain('# raw: \\x1b]0;title\\x07 \\x1b[2J  \\x7f \\x9b \\u202e');
  });

  it('build: the report on stderr holds no raw control character', () => {
    const dir = map();
    const r = runCli(['build', dir, '--out', join(tempDir(), 'site')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('zz\\x1b]0;title\\x07 \\x1b[2J \\x00 \\x7f \\x9b \\u202e');
    expect(r.stderr).toContain('not linted');
  });

  it('build: an --out path holding control characters is shown escaped', () => {
    const dir = map();
    rmSync(join(dir, 'notes.yaml'));
    writeFileSync(join(dir, 'handoffs.yaml'), 'handoffs:\n  - { id: h-1, name: H, from: a, to: b, owner: a }\n');
    const out = join(tempDir(), `site\u001b[2J`);
    const r = runCli(['build', dir, '--out', out, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('site\\x1b[2J');
  });
});
