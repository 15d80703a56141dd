import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastParse, invalidUtf8Offset, loadMap, MAX_FILE_BYTES } from '../src/load/index.js';
import { buildModel, locate } from '../src/model/index.js';
import { HEADER, makeMap } from './helpers.js';

function diagsOf(files: Record<string, string | Uint8Array>) {
  const dir = makeMap({ 'gtmap.yaml': HEADER, ...files });
  return loadMap(dir, dir).diagnostics.map(({ ruleId, severity, file, line, column }) => ({ ruleId, severity, file, line, column }));
}

describe('loader: every YAML problem is a Diagnostic with an exact position', () => {
  it('syntax error: unclosed quote, at the line where the quote is missing', () => {
    expect(diagsOf({ 'teams.yaml': "teams:\n  - id: a\n    name: 'Sales\n" })).toEqual([
      { ruleId: 'yaml/syntax', severity: 'error', file: 'teams.yaml', line: 4, column: 1 },
    ]);
  });

  it('duplicate key: points at the second occurrence and names the key', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: a\n    name: A\n    name: B\n' });
    const [d, ...rest] = loadMap(dir, dir).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ ruleId: 'yaml/duplicate-key', file: 'teams.yaml', line: 4, column: 5, endLine: 4, endColumn: 9 });
    expect(d!.message).toContain('Key `name` appears twice');
  });

  it('tab indentation: at the tab', () => {
    expect(diagsOf({ 'teams.yaml': 'teams:\n\t- id: a\n' })).toEqual([
      { ruleId: 'yaml/tab-indent', severity: 'error', file: 'teams.yaml', line: 2, column: 1 },
    ]);
  });

  it('byte order mark: a warning, and positions are unaffected by it', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': '\uFEFFteams:\n  - id: a\n    name: A\n    nme: B\n' });
    const loaded = loadMap(dir, dir);
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([['yaml/bom', 'warn', 1, 1]]);
    const model = buildModel(loaded);
    expect(locate(model, ['teams', 0, 'nme'], 'key')).toMatchObject({ line: 4, column: 5 });
  });

  it('CRLF line endings: a warning at the first CRLF', () => {
    expect(diagsOf({ 'teams.yaml': 'teams:\r\n  - id: a\r\n    name: A\r\n' })).toEqual([
      { ruleId: 'yaml/line-endings', severity: 'warn', file: 'teams.yaml', line: 1, column: 7 },
    ]);
  });

  it('alias bomb: bounded, reported at the first alias', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '',
    ].join('\n');
    const ds = diagsOf({ 'bomb.yaml': bomb });
    expect(ds).toEqual([{ ruleId: 'yaml/alias', severity: 'error', file: 'bomb.yaml', line: 2, column: 8 }]);
  });

  it('an alias inside the node it names: an error at the alias, not a stack overflow', () => {
    expect(diagsOf({ 'teams.yaml': 'teams:\n  - &t\n    id: a\n    sub: *t\n', 'more.yaml': 'segments: &s [*s]\n' })).toEqual([
      { ruleId: 'yaml/alias', severity: 'error', file: 'more.yaml', line: 1, column: 15 },
      { ruleId: 'yaml/alias', severity: 'error', file: 'teams.yaml', line: 4, column: 10 },
    ]);
  });

  it('aliases that nest data past the depth limit: an error at the first alias', () => {
    const chain = ['a0: &a0 [x]', ...Array.from({ length: 120 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`), ''].join('\n');
    expect(diagsOf({ 'chain.yaml': chain })).toEqual([
      { ruleId: 'yaml/alias', severity: 'error', file: 'chain.yaml', line: 2, column: 10 },
    ]);
  });

  it('anchors in a sound file: read on the fast path, the same data as the positions path, shared nodes kept shared', async () => {
    const { parseDocument } = await import('yaml');
    // one anchor used 150 times: the yaml package's count heuristic calls that a bomb; it adds 150 values
    const text = `criteria: &c [{ text: Budget confirmed }]\nlists:\n${Array.from({ length: 150 }, (_, i) => `  l${i}: *c\n`).join('')}`;
    expect(diagsOf({ 'anchored.yaml': text })).toEqual([]);
    const fast = fastParse(text);
    expect(fast.ok).toBe(true);
    const data = (fast as { data: { criteria: unknown; lists: Record<string, unknown> } }).data;
    expect(data).toEqual(parseDocument(text).toJS({ maxAliasCount: -1 }));
    expect(data.lists.l149).toBe(data.criteria);
  });

  it('undefined alias: an error, not a crash', () => {
    expect(diagsOf({ 'teams.yaml': 'teams: *nothing\n' })).toEqual([
      { ruleId: 'yaml/alias', severity: 'error', file: 'teams.yaml', line: 1, column: 8 },
    ]);
  });

  it('file over the size limit: an error, file not parsed', () => {
    const ds = diagsOf({
      'big.yaml': `teams:\n${'# padding line that is long enough to fill up space quickly\n'.repeat(Math.ceil((MAX_FILE_BYTES + 10) / 60))}`,
    });
    expect(ds).toEqual([{ ruleId: 'yaml/file-too-large', severity: 'error', file: 'big.yaml', line: 1, column: 1 }]);
  });

  it('empty file and comment-only file: a warning each', () => {
    expect(diagsOf({ 'a.yaml': '', 'b.yaml': '# nothing yet\n\n# still nothing\n' })).toEqual([
      { ruleId: 'yaml/empty-file', severity: 'warn', file: 'a.yaml', line: 1, column: 1 },
      { ruleId: 'yaml/empty-file', severity: 'warn', file: 'b.yaml', line: 1, column: 1 },
    ]);
  });

  it('empty header: an error, since the header is required', () => {
    const dir = makeMap({ 'gtmap.yaml': '' });
    expect(loadMap(dir, dir).diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['yaml/empty-file', 'error']]);
  });

  it('non-UTF-8 file: at the first invalid byte', () => {
    const latin1 = Buffer.concat([Buffer.from('teams:\n  - id: a\n    name: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(diagsOf({ 'teams.yaml': latin1 })).toEqual([
      { ruleId: 'yaml/encoding', severity: 'error', file: 'teams.yaml', line: 3, column: 14 },
    ]);
  });

  it('top level that is a list: an error at its start', () => {
    expect(diagsOf({ 'teams.yaml': '# teams\n- id: a\n' })).toEqual([
      { ruleId: 'yaml/not-a-mapping', severity: 'error', file: 'teams.yaml', line: 2, column: 1 },
    ]);
  });

  it('several problems in several files: all reported, in file order', () => {
    const ds = diagsOf({ 'b.yaml': 'x: [1\n', 'a.yaml': 'teams:\n\t- a\n' });
    expect(ds.map((d) => d.file)).toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('loader: folders', () => {
  it('reads .yaml and .yml recursively in a stable order and skips hidden folders', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'z.yml': 'teams: []\n',
      'a/b.yaml': 'teams: []\n',
      '.git/x.yaml': 'not: [valid\n',
      'a/a.yaml': 'teams: []\n',
    });
    expect(loadMap(dir, dir).files.map((f) => f.rel)).toEqual(['a/a.yaml', 'a/b.yaml', 'gtmap.yaml', 'z.yml']);
  });

  it('a missing folder or a folder without gtmap.yaml is a LoadError with a fix', () => {
    expect(() => loadMap('/definitely/not/here')).toThrow(/no such folder\. Pass the folder that holds gtmap\.yaml/);
    const dir = makeMap({ 'teams.yaml': 'teams: []\n' });
    expect(() => loadMap(dir, dir)).toThrow(/no gtmap\.yaml found/);
    writeFileSync(join(dir, 'gtmap.yaml'), HEADER);
    expect(() => loadMap(join(dir, 'gtmap.yaml'), dir)).toThrow(/not a folder/);
  });
});

describe('invalidUtf8Offset', () => {
  it('accepts valid multi-byte text and finds overlong, truncated and surrogate sequences', () => {
    expect(invalidUtf8Offset(Buffer.from('Zoë — 日本 🎉'))).toBe(-1);
    expect(invalidUtf8Offset(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1); // overlong
    expect(invalidUtf8Offset(Uint8Array.from([0x41, 0xe2, 0x82]))).toBe(1); // truncated
    expect(invalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
  });
});

describe('fast path (js-yaml) and positions path (yaml) agree', () => {
  it('on every YAML file in the repository, data from both parsers is identical', async () => {
    const { parseDocument } = await import('yaml');
    const { readdirSync, readFileSync } = await import('node:fs');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.ya?ml$/.test(e.name)) files.push(join(d, e.name));
      }
    };
    walk(join(import.meta.dirname, '..', 'map'));
    walk(join(import.meta.dirname, 'fixtures'));
    expect(files.length).toBeGreaterThan(15);
    let compared = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      const doc = parseDocument(text, { uniqueKeys: true, strict: true });
      const fast = fastParse(text);
      if (doc.errors.length > 0) continue;
      if (!fast.ok) continue; // js-yaml rejects what yaml accepts: the yaml path is used
      expect(fast.data, f).toEqual(doc.toJS());
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  });

  it('scalars that differ between YAML 1.1 and 1.2 read as YAML 1.2 on both paths', () => {
    const text = 'a: yes\nb: 2026-01-31\nc: 0o17\nd: ~\ne: 1e3\nf: "007"\ng: on\n';
    expect(fastParse(text)).toEqual({ ok: true, data: { a: 'yes', b: '2026-01-31', c: 15, d: null, e: 1000, f: '007', g: 'on' } });
  });
});
