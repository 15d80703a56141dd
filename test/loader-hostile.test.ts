// Regression tests for the reliability defects: input that used to hang, crash, pass silently or
// read outside the map folder. Each names what it guards.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { findVague, vagueList } from '../src/lint/vague.js';
import { loadMap, MAX_DEPTH, MAX_LIST_ITEMS } from '../src/load/index.js';
import { nestingTooDeep } from '../src/load/scan.js';
import { HEADER, makeMap, runCli, tempDir } from './helpers.js';

function diagsOf(files: Record<string, string | Uint8Array>) {
  const dir = makeMap({ 'gtmap.yaml': HEADER, ...files });
  return loadMap(dir, dir).diagnostics.map(({ ruleId, severity, file, line, column, message }) => ({
    ruleId,
    severity,
    file,
    line,
    column,
    message,
  }));
}

describe('control characters: both parsers refuse them at their position', () => {
  // js-yaml refused a raw ESC and the `yaml` fallback accepted it, so the bytes reached the site
  for (const [name, ch] of [
    ['ESC', '\u001b'],
    ['NUL', '\u0000'],
    ['DEL', '\u007f'],
    ['C1 CSI', '\u009b'],
  ] as const) {
    it(`${name} inside a plain scalar`, () => {
      const ds = diagsOf({ 'teams.yaml': `teams:\n  - id: a\n    name: Sal${ch}es\n` });
      expect(ds).toMatchObject([{ ruleId: 'yaml/control-character', severity: 'error', file: 'teams.yaml', line: 3, column: 14 }]);
    });
  }

  it('inside a quoted scalar too, and the file then adds no entities', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: a\n    name: "x\u001b]0;owned\u0007"\n' });
    const r = checkMap(dir, undefined, dir);
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'yaml/control-character', line: 3, column: 13 });
    expect(r.model.map.teams).toEqual([]);
  });

  it('an escape written in double quotes is allowed: it is visible in review', () => {
    expect(diagsOf({ 'teams.yaml': 'teams:\n  - id: a\n    name: "x\\e"\n' })).toEqual([]);
  });

  it('bidi overrides are allowed by YAML (they are escaped on output instead)', () => {
    expect(diagsOf({ 'teams.yaml': 'teams:\n  - id: a\n    name: "a\u202eb"\n' })).toEqual([]);
  });
});

describe('unknown tags are warned at their position', () => {
  it('!!js/function and a local tag', () => {
    const ds = diagsOf({ 'teams.yaml': 'teams:\n  - id: a\n    name: !!js/function "f"\n    description: !secret x\n' });
    expect(ds.map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([
      ['yaml/unknown-tag', 'warn', 3, 11],
      ['yaml/unknown-tag', 'warn', 4, 18],
    ]);
    expect(ds[0]!.message).toContain('`!!js/function`');
  });

  it('core tags are not warned', () => {
    expect(diagsOf({ 'teams.yaml': 'teams:\n  - id: !!str a\n    name: !!str Sales\n' })).toEqual([]);
  });
});

describe('nesting has a limit with a location, not a stack overflow', () => {
  // 880 levels used to end as "Maximum call stack size exceeded. Fix the YAML syntax here"
  it('flow nesting of 10,000 levels', () => {
    const ds = diagsOf({ 'teams.yaml': `teams: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` });
    // `teams` is level 1, so the bracket at level 101 is the 100th, at column 7 + 100
    expect(ds).toMatchObject([{ ruleId: 'yaml/too-deep', line: 1, column: 7 + MAX_DEPTH }]);
    expect(ds[0]!.message).toContain(`deeper than ${MAX_DEPTH} levels`);
  });

  it('block nesting of 1,000 levels', () => {
    const text = `teams:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}- \n`).join('')}`;
    const ds = diagsOf({ 'teams.yaml': text });
    expect(ds).toMatchObject([{ ruleId: 'yaml/too-deep', line: MAX_DEPTH }]);
  });

  it('the example map and ordinary quoting, comments and block scalars stay well under the limit', () => {
    const text = 'a: "[[[[" # [[[[\nb: |\n  [[[[[[[[\n      [[[[\nc: [x, {y: [z]}]\n';
    // only `c: [x, {y: [z]}]` counts: 4 levels, the last at `[z`
    expect(nestingTooDeep(text, 4)).toBe(-1);
    expect(nestingTooDeep(text, 3)).toBe(text.indexOf('[z'));
  });
});

describe('huge lists are bounded', () => {
  // a million-item flow list used to end in "Maximum call stack size exceeded" (push(...items))
  it(`a list over ${MAX_LIST_ITEMS.toLocaleString('en-US')} items refuses its file, at the section`, () => {
    const ds = diagsOf({
      'teams.yaml': `# a comment\nteams: [${Array(MAX_LIST_ITEMS + 1)
        .fill('1')
        .join(',')}]\n`,
    });
    expect(ds).toMatchObject([{ ruleId: 'yaml/too-many-items', line: 2, column: 1 }]);
  });

  it('one list of bad items gives 20 findings and one with the count, not one per item', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': `teams: [${Array(5000).fill('1').join(',')}]\n` });
    const r = checkMap(dir, undefined, dir);
    const schema = r.diagnostics.filter((d) => d.ruleId.startsWith('schema/'));
    expect(schema).toHaveLength(21);
    const counted = schema.filter((d) => /^4,980 more items of `teams` have the same problem/.test(d.message));
    expect(counted).toMatchObject([{ line: 1, column: 1 }]);
  });
});

describe('what the folder walk skips is said once each', () => {
  it('a symlink (inside or outside the folder), a FIFO and a folder named x.yaml', () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.yaml'), 'teams: []\n');
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'x.yaml/teams.yaml': 'teams: []\n' });
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'link.yaml'));
    symlinkSync(dir, join(dir, 'loop'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const ds = loadMap(dir, dir).diagnostics.filter((d) => d.ruleId === 'load/skipped');
    expect(ds.map((d) => [d.file, d.severity])).toEqual([
      ['link.yaml', 'info'],
      ['loop', 'info'],
      ['pipe.yaml', 'info'],
      ['x.yaml', 'info'],
    ]);
    expect(ds[2]!.message).toContain('FIFO');
  });
});

describe('a configured vague phrase that matches empty text', () => {
  // `words: ["."]` sent findVague into an endless loop that ate memory (lint, build and serve hung)
  const header = `${HEADER}lint:\n  rules:\n    text/no-vague-language:\n      options:\n        words: [".", "as discussed"]\n`;

  it('is a configuration error at its line, and the run finishes', () => {
    const dir = makeMap({
      'gtmap.yaml': header,
      'handoffs.yaml':
        'handoffs:\n  - id: h\n    name: H\n    from: a\n    to: b\n    sla: { within: 4h }\n    acceptance: [{ text: as discussed }]\n',
    });
    const r = runCli(['lint', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const ds = (JSON.parse(r.stdout) as { diagnostics: { ruleId: string; file: string; line: number; column: number }[] }).diagnostics;
    expect(ds.find((d) => d.ruleId === 'lint/invalid-option')).toMatchObject({ file: 'gtmap.yaml', line: 7, column: 17 });
  });

  it('the matcher advances even when a phrase matches nothing but empty text', () => {
    const list = vagueList({ words: ['as discussed'] });
    expect(findVague('x as discussed y', [...list, { phrase: '.', suggestion: 's' }]).map((h) => h.match)).toEqual(['as discussed']);
  });

  it('the folder of a broken map still lints to the end with the vague rule on', () => {
    const dir = makeMap({ 'gtmap.yaml': header });
    mkdirSync(join(dir, 'more'));
    expect(runCli(['lint', dir]).code).toBe(1);
  });
});

describe('duplicate keys cost only their entity', () => {
  // found with a linear pass: the parser's own check is quadratic in the keys of a mapping
  it('a duplicate inside one handoff: the error is located, the other handoffs in the file are linted', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': 'teams:\n  - { id: a, name: A }\n  - { id: b, name: B }\n',
      'handoffs.yaml':
        'handoffs:\n  - id: one\n    name: One\n    from: a\n    to: b\n    to: a\n  - id: two\n    name: Two\n    from: a\n    to: b\n',
    });
    const r = checkMap(dir, undefined, dir);
    expect(r.diagnostics.find((d) => d.ruleId === 'yaml/duplicate-key')).toMatchObject({
      file: 'handoffs.yaml',
      line: 6,
      column: 5,
      path: ['handoffs', 0, 'to'],
    });
    const owners = r.diagnostics.filter((d) => d.ruleId === 'handoff/has-owner').map((d) => d.message);
    expect(owners).toEqual([expect.stringContaining('`two`')]);
    expect(r.skipped.map((s) => s.what)).toContain('Handoff `one` (handoffs.yaml)');
  });

  it('a duplicate section key in one file still stops that file', () => {
    const ds = diagsOf({ 'teams.yaml': 'teams: []\nteams: []\n' });
    expect(ds).toMatchObject([{ ruleId: 'yaml/duplicate-key', line: 2, column: 1 }]);
  });
});

describe('defects the fuzz test and the corpus found', () => {
  it('a field whose `values` is not a list is a schema error, not a crash in the condition check', () => {
    // fuzz seed 2: `values: 42` on an enum field threw "field.values.includes is not a function"
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'x.yaml':
        'fields:\n  - { id: status, name: Status, type: enum, values: 42 }\nsegments:\n  - { id: s, name: S, coveredBy: [], rule: { field: status, equals: open } }\n',
    });
    const r = checkMap(dir, undefined, dir);
    expect(r.diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column}`)).toContain('schema/type 2:53');
  });

  it('an unknown top-level key is placed at the key, not at 1:1', () => {
    expect(diagsOf({ 'teams.yaml': 'teams: []\n# a comment\nfoo: []\n' }).filter((d) => d.ruleId.startsWith('schema/'))).toEqual([]);
    const dir = makeMap({ 'gtmap.yaml': `${HEADER}owner: me\n`, 'teams.yaml': 'teams: []\n\nfoo: []\n' });
    const r = checkMap(dir, undefined, dir);
    expect(r.diagnostics.filter((d) => d.ruleId === 'schema/unknown-key').map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      'gtmap.yaml:3:1',
      'teams.yaml:3:1',
    ]);
  });
});
