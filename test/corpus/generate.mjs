// The broken-input corpus: map folders that must fail (or warn) cleanly, never crash or hang.
// Cases are generated at test time because some are large (50 MB); nothing here is committed
// but this script. `node test/corpus/generate.mjs <out-folder> [case-id ...]` writes the folders
// (<out-folder>/<case-id>/map/) to look at by hand; test/corpus.test.ts runs them.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const HEADER = 'apiVersion: gtmap/v1\ncompany: Corpus Co\n';
/** A teams file that is valid on its own: line 4 is `    headcount: 3` (value at column 16). */
export const TEAM = 'teams:\n  - id: sales\n    name: Sales\n    headcount: 3\n';

/** Deterministic bytes, so a failing random-bytes case fails the same way every time. */
function randomBytes(n, seed) {
  let s = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

function put(dir, rel, content) {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

/** Writes `head`, then `unit` until the file holds at least `bytes`, without building it in memory. */
function putLarge(dir, rel, head, unit, bytes, tail = '') {
  const p = join(dir, rel);
  const fd = openSync(p, 'w');
  try {
    writeSync(fd, head);
    const chunk = Buffer.from(unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length))));
    let written = Buffer.byteLength(head);
    while (written < bytes) {
      writeSync(fd, chunk);
      written += chunk.length;
    }
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

function files(map) {
  return (dir) => {
    for (const [rel, content] of Object.entries(map)) put(dir, rel, typeof content === 'function' ? content() : content);
  };
}

function utf16(text, { bom, bigEndian }) {
  const le = Buffer.from(text, 'utf16le');
  const body = bigEndian ? Buffer.from(le).swap16() : le;
  const mark = bigEndian ? Buffer.from([0xfe, 0xff]) : Buffer.from([0xff, 0xfe]);
  return bom ? Buffer.concat([mark, body]) : body;
}

function billionLaughs() {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('teams: *a9');
  return `${lines.join('\n')}\n`;
}

/** Each anchor holds the previous one: linear in text, quadratic once expanded. */
function aliasChain(n) {
  const lines = ['teams:', '  - id: sales', '    name: Sales', '    description: &d0 "x"'];
  lines.push('extra:');
  for (let i = 1; i <= n; i++) lines.push(`  - &d${i} [*d${i - 1}]`);
  return `${lines.join('\n')}\n`;
}

const vagueHeaderFlow = `${HEADER}lint: { rules: { text/no-vague-language: { options: { words: ["."] } } } }\n`;
const vagueHeaderBlock = `${HEADER}lint:
  rules:
    text/no-vague-language:
      options:
        words:
          - phrase: "."
            suggestion: drop it
`;
const LONG_FORMULA = 'Sum of contract value. '.repeat(Math.ceil((4 * 1024 * 1024) / 23));
const TEAM_WITH_TEXT = 'teams:\n  - id: sales\n    name: Sales\n    description: Owns the number. Reviews it weekly.\n';

/**
 * expect.codes: the exit codes that are right for `gtmap lint`.
 * expect.at: a finding that must be printed, located as file:line:column (line may be a
 *   [min, max] range where the parser may reasonably point at the token or just after it).
 * expect.path: for folder-level failures (exit 2), the path the one-line message must name.
 * expect.info: entries that must each get an info finding naming them (skipped entries).
 * heavy: big input, run with no other case beside it so the 10 s limit measures gtmap.
 * build: also run `gtmap build`; `fresh` builds into a folder that does not exist,
 *   `existing` over a previous good site. Expected: exit 1 or 2 and no site written.
 */
export const cases = [
  // --- YAML syntax ---
  {
    id: 'syntax-unclosed-flow-sequence',
    about: 'a `[` that is never closed',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: [Sales\n    headcount: 3\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: [3, 5], severity: 'error', message: /yaml\/syntax/ } },
    build: 'fresh',
  },
  {
    id: 'syntax-colon-in-plain-scalar',
    about: 'an unquoted value holding `: `',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales: EMEA\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, severity: 'error', message: /yaml\/syntax/ } },
  },
  {
    id: 'syntax-bad-indentation',
    about: 'a key indented one space less than its siblings',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n   name: Sales\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, severity: 'error', message: /yaml\// } },
  },
  {
    id: 'syntax-unterminated-quote',
    about: 'a double quote that never ends',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: "Sales\n    headcount: 3\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: [3, 5], severity: 'error', message: /yaml\/syntax/ } },
  },
  {
    id: 'syntax-two-documents',
    about: 'a `---` separator making two YAML documents in one file',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}---\nteams: []\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: [5, 6], severity: 'error', message: /yaml\// } },
  },
  {
    id: 'syntax-undefined-alias',
    about: 'an alias whose anchor does not exist',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams: *nowhere\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 8, severity: 'error', message: /yaml\// } },
  },
  {
    id: 'syntax-cr-only-line-endings',
    about: 'classic Mac line endings (CR only) with a duplicate key on the fourth line',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\r  - id: sales\r    name: Sales\r    name: Again\r' }),
    expect: { codes: [1], at: { file: 'teams.yaml', severity: 'error', message: /yaml\// } },
  },

  // --- aliases ---
  {
    id: 'alias-billion-laughs',
    about: 'nine levels of nine aliases each: 9^9 strings once expanded',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': billionLaughs() }),
    expect: { codes: [1], at: { file: 'teams.yaml', severity: 'error', message: /yaml\/alias/ } },
    build: 'existing',
  },
  {
    id: 'alias-deep-chain',
    heavy: true,
    about: '2,000 anchors, each a list holding the alias of the previous one',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': aliasChain(2000) }),
    expect: { codes: [1], at: { file: 'teams.yaml', severity: 'error', message: /yaml\/alias|schema\// } },
  },
  {
    id: 'alias-anchor-only-file',
    about: 'a file holding nothing but an anchor',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': '&only\n' }),
    expect: { codes: [0, 1], at: { file: 'teams.yaml', line: 1, message: /yaml\// } },
  },
  {
    id: 'alias-anchor-only-section',
    about: 'a section whose value is only an anchor (null)',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams: &t\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /schema\/|yaml\// } },
  },

  // --- size ---
  {
    id: 'size-50mb-file',
    heavy: true,
    about: 'a 50 MB teams file',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      putLarge(dir, 'teams.yaml', 'teams:\n', '  - id: sales\n    name: Sales\n', 50 * 1024 * 1024);
    },
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/file-too-large/ } },
    build: 'existing',
  },
  {
    id: 'size-10mb-single-line',
    heavy: true,
    about: 'a 10 MB value on one line',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      putLarge(dir, 'teams.yaml', 'teams:\n  - id: sales\n    name: "', 'abcdefghij', 10 * 1024 * 1024, '"\n');
    },
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/file-too-large/ } },
  },
  {
    id: 'size-4mb-formula-with-vague-word',
    heavy: true,
    about: 'a 4 MB metric formula on one line (under the size limit) ending in `TBD`: found, at its exact column',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      put(dir, 'teams.yaml', `${TEAM}metrics:\n  - id: arr\n    name: ARR\n    owner: sales\n    formula: ${LONG_FORMULA}Quota TBD.\n`);
    },
    expect: {
      codes: [0],
      at: {
        file: 'teams.yaml',
        line: 9,
        column: '    formula: '.length + LONG_FORMULA.length + 'Quota '.length + 1,
        severity: 'warn',
        message: /text\/no-vague-language/,
      },
    },
  },
  {
    id: 'size-million-item-flow-list',
    heavy: true,
    about: 'teams: [x, x, ... ] with a million items (3 MB, under the size limit)',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      put(dir, 'teams.yaml', `teams: [${Array(1_000_000).fill('x').join(', ')}]\n`);
    },
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /schema\/|yaml\// } },
    build: 'existing',
  },
  {
    id: 'size-100k-item-flow-list',
    heavy: true,
    about: 'a 100,000-item flow list of wrong-typed teams, in the stylish format (code frames of a 300 kB line)',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      put(dir, 'teams.yaml', `teams: [${Array(100_000).fill('x').join(', ')}]\n`);
    },
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /schema\/|yaml\// } },
  },
  {
    id: 'size-40k-item-flow-list-stylish',
    heavy: true,
    about: 'a 40,000-item flow list of wrong-typed teams: 40,000 schema errors on one 120 kB line, stylish format',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      put(dir, 'teams.yaml', `teams: [${Array(40_000).fill('x').join(', ')}]\n`);
    },
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /schema\// } },
  },
  {
    id: 'size-20k-valid-teams',
    heavy: true,
    about: '20,000 well-formed teams, each the parent of the next (lint rules over a big valid section)',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      const teams = Array.from(
        { length: 20_000 },
        (_, i) => `  - id: team-${i}\n    name: Team ${i}\n${i ? `    parent: team-${i - 1}\n` : ''}`,
      );
      put(dir, 'teams.yaml', `teams:\n${teams.join('')}`);
    },
    expect: { codes: [0, 1] },
  },
  {
    id: 'size-very-long-key',
    about: 'a 100,000-character key inside a team',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}    ${'k'.repeat(100_000)}: v\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, severity: 'error', message: /schema\/|yaml\// } },
  },
  {
    id: 'unknown-section-name',
    about: 'an unknown section `foo:` on line 5: the error is at the key',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}foo: []\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, column: 1, severity: 'error', message: /schema\/unknown-key/ } },
  },
  {
    id: 'unknown-header-key',
    about: 'an unknown key `owner:` on line 3 of gtmap.yaml: the error is at the key',
    write: files({ 'gtmap.yaml': `${HEADER}owner: revops\n`, 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 3, column: 1, severity: 'error', message: /schema\/unknown-key/ } },
  },
  {
    id: 'size-long-section-name',
    about: 'a 1,000-character unknown section name',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}${'s'.repeat(1000)}: []\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, column: 1, severity: 'error', message: /schema\/|yaml\// } },
  },

  // --- bytes and encodings ---
  {
    id: 'bytes-random',
    about: '64 KiB of (seeded) random bytes',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': () => randomBytes(64 * 1024, 0x5eed) }),
    expect: { codes: [1], at: { file: 'teams.yaml', severity: 'error', message: /yaml\// } },
    build: 'fresh',
  },
  {
    id: 'bytes-random-header',
    about: 'gtmap.yaml is 4 KiB of random bytes',
    write: files({ 'gtmap.yaml': () => randomBytes(4096, 0xbad), 'teams.yaml': TEAM }),
    expect: { codes: [1, 2], at: { file: 'gtmap.yaml', severity: 'error', message: /yaml\// } },
  },
  {
    id: 'encoding-bom-crlf-valid',
    about: 'BOM and CRLF in otherwise valid files: warnings only',
    write: files({ 'gtmap.yaml': `\uFEFF${HEADER.replace(/\n/g, '\r\n')}`, 'teams.yaml': `\uFEFF${TEAM.replace(/\n/g, '\r\n')}` }),
    expect: {
      codes: [0],
      at: { file: 'teams.yaml', line: 1, column: 1, severity: 'warn', message: /yaml\/bom/ },
      also: [{ file: 'teams.yaml', line: 1, severity: 'warn', message: /yaml\/line-endings/ }],
    },
  },
  {
    id: 'encoding-bom-crlf-duplicate-key',
    about: 'BOM and CRLF do not shift the position of an error on line 4',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': '\uFEFFteams:\r\n  - id: sales\r\n    name: Sales\r\n    name: Again\r\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 4, column: 5, severity: 'error', message: /yaml\/duplicate-key/ } },
  },
  {
    id: 'encoding-latin1',
    about: 'a Latin-1 é (0xE9) in a name',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': Buffer.from('teams:\n  - id: sales\n    name: Caf\xe9 team\n', 'latin1') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, column: 14, severity: 'error', message: /yaml\/encoding/ } },
    build: 'fresh',
  },
  {
    id: 'encoding-utf16le-bom',
    about: 'a valid teams file saved as UTF-16 LE with BOM',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': () => utf16(TEAM, { bom: true, bigEndian: false }) }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/encoding/ } },
  },
  {
    id: 'encoding-utf16be-bom',
    about: 'a valid teams file saved as UTF-16 BE with BOM',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': () => utf16(TEAM, { bom: true, bigEndian: true }) }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/encoding/ } },
  },
  {
    id: 'encoding-utf16le-no-bom',
    about: 'UTF-16 LE without BOM: every other byte is NUL, which is valid UTF-8 but a control character',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': () => utf16(TEAM, { bom: false, bigEndian: false }) }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /yaml\// } },
  },
  {
    id: 'control-nul-in-scalar',
    about: 'a raw NUL byte inside a plain scalar',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sa\u0000les\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, column: 13, severity: 'error', message: /yaml\// } },
  },
  {
    id: 'control-esc-in-scalar',
    about: 'a raw ESC (terminal colour sequence) inside a plain scalar; the output must not carry it raw',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: \u001b[31mSales\u001b[0m\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, column: 11, severity: 'error', message: /yaml\// }, noRawControl: true },
    build: 'existing',
  },
  {
    id: 'control-esc-in-double-quoted',
    about: 'a raw ESC inside a double-quoted scalar',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: "Sa\u001bles"\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, column: 14, severity: 'error', message: /yaml\// }, noRawControl: true },
  },

  // --- indentation and keys ---
  {
    id: 'tabs-as-indentation',
    about: 'a list item indented with a tab',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n\t- id: sales\n\t  name: Sales\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 2, column: 1, severity: 'error', message: /yaml\/tab-indent/ } },
  },
  {
    id: 'tabs-nested-indentation',
    about: 'a key inside a team indented with a tab',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n\tname: Sales\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 3, column: 1, severity: 'error', message: /yaml\// } },
  },
  {
    id: 'duplicate-key-in-team',
    about: '`name` twice in one team',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    name: Again\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 4, column: 5, severity: 'error', message: /yaml\/duplicate-key/ } },
  },
  {
    id: 'duplicate-section-in-file',
    about: '`teams:` twice at the top of one file',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}teams:\n  - id: marketing\n    name: Marketing\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, column: 1, severity: 'error', message: /yaml\/duplicate-key/ } },
  },
  {
    id: 'duplicate-key-in-header',
    about: '`company` twice in gtmap.yaml',
    write: files({ 'gtmap.yaml': `${HEADER}company: Other Co\n`, 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 3, column: 1, severity: 'error', message: /yaml\/duplicate-key/ } },
  },
  {
    id: 'proto-section',
    about: 'a top-level `__proto__` section',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}__proto__:\n  polluted: true\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, column: 1, severity: 'error', message: /__proto__/ } },
    build: 'existing',
  },
  {
    id: 'proto-key-in-team',
    about: 'a `__proto__` key inside a team',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}    __proto__:\n      id: admin\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, column: 5, severity: 'error', message: /__proto__/ } },
  },
  {
    id: 'proto-key-in-header',
    about: 'a `__proto__` key in gtmap.yaml',
    write: files({ 'gtmap.yaml': `${HEADER}__proto__: { apiVersion: gtmap/v2 }\n`, 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 3, column: 1, severity: 'error', message: /__proto__/ } },
  },
  {
    id: 'constructor-prototype-key',
    about: 'a `constructor: { prototype: ... }` key inside a team',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}    constructor:\n      prototype: { polluted: true }\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, column: 5, severity: 'error', message: /constructor/ } },
  },

  // --- empty files ---
  {
    id: 'empty-section-file',
    about: 'an empty non-header file: a warning',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': '' }),
    expect: { codes: [0], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'warn', message: /yaml\/empty-file/ } },
  },
  {
    id: 'comment-only-section-file',
    about: 'a non-header file holding only comments: a warning',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': '# teams move here next quarter\n# (RevOps)\n' }),
    expect: { codes: [0], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'warn', message: /yaml\/empty-file/ } },
  },
  {
    id: 'whitespace-only-section-file',
    about: 'a non-header file holding only blank lines and spaces: a warning',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': '   \n\n  \n' }),
    expect: { codes: [0], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'warn', message: /yaml\/empty-file/ } },
  },
  {
    id: 'empty-header',
    about: 'an empty gtmap.yaml: an error',
    write: files({ 'gtmap.yaml': '', 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 1, column: 1, severity: 'error', message: /gtmap\.yaml/ } },
    build: 'fresh',
  },
  {
    id: 'comment-only-header',
    about: 'a gtmap.yaml holding only a comment: an error',
    write: files({ 'gtmap.yaml': '# apiVersion: gtmap/v1\n', 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 1, column: 1, severity: 'error', message: /gtmap\.yaml|apiVersion/ } },
  },

  // --- the header ---
  {
    id: 'header-missing',
    about: 'no gtmap.yaml in the folder',
    write: files({ 'teams.yaml': TEAM }),
    expect: { codes: [2], path: { entry: '', message: /gtmap\.yaml/ } },
    build: 'existing',
  },
  {
    id: 'header-wrong-apiVersion',
    about: '`apiVersion: gtmap/v2`',
    write: files({ 'gtmap.yaml': 'apiVersion: gtmap/v2\ncompany: Corpus Co\n', 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 1, column: 13, severity: 'error', message: /gtmap\/v|apiVersion/ } },
    build: 'existing',
  },
  {
    id: 'header-apiVersion-number',
    about: '`apiVersion: 1`',
    write: files({ 'gtmap.yaml': 'apiVersion: 1\ncompany: Corpus Co\n', 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 1, column: 13, severity: 'error', message: /schema\// } },
  },
  {
    id: 'header-missing-apiVersion',
    about: 'gtmap.yaml without apiVersion',
    write: files({ 'gtmap.yaml': 'company: Corpus Co\n', 'teams.yaml': TEAM }),
    expect: { codes: [1], at: { file: 'gtmap.yaml', line: 1, severity: 'error', message: /apiVersion/ } },
  },
  {
    id: 'header-scalar',
    about: 'gtmap.yaml is a plain string',
    write: files({ 'gtmap.yaml': 'gtmap/v1\n', 'teams.yaml': TEAM }),
    expect: { codes: [1, 2], at: { file: 'gtmap.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/not-a-mapping|schema\// } },
  },
  {
    id: 'header-list',
    about: 'gtmap.yaml is a list',
    write: files({ 'gtmap.yaml': '- apiVersion: gtmap/v1\n- company: Corpus Co\n', 'teams.yaml': TEAM }),
    expect: { codes: [1, 2], at: { file: 'gtmap.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/not-a-mapping|schema\// } },
  },
  {
    id: 'toplevel-list',
    about: 'a section file whose top level is a list',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': '- id: sales\n  name: Sales\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/not-a-mapping/ } },
  },
  {
    id: 'toplevel-scalar',
    about: 'a section file whose top level is a plain value',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'just some text\n' }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, column: 1, severity: 'error', message: /yaml\/not-a-mapping/ } },
  },

  // --- the folder ---
  {
    id: 'symlink-loop-files',
    about: 'a.yaml -> b.yaml -> a.yaml: each skipped with an info finding naming it',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      symlinkSync('b.yaml', join(dir, 'a.yaml'));
      symlinkSync('a.yaml', join(dir, 'b.yaml'));
    },
    expect: { codes: [0], info: ['a.yaml', 'b.yaml'] },
  },
  {
    id: 'symlink-loop-folders',
    about: 'folder symlinks to the folder itself and its parent: must terminate',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      put(dir, 'teams.yaml', TEAM);
      symlinkSync('.', join(dir, 'self'));
      symlinkSync('..', join(dir, 'up'));
      mkdirSync(join(dir, 'sub'));
      symlinkSync('..', join(dir, 'sub', 'back'));
    },
    expect: { codes: [0] },
  },
  {
    id: 'symlink-to-yaml-folder-loop',
    about: 'a symlink named loop.yaml pointing at the map folder: skipped with an info finding',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      symlinkSync('.', join(dir, 'loop.yaml'));
    },
    expect: { codes: [0], info: ['loop.yaml'] },
  },
  {
    id: 'symlink-outside-folder',
    about: 'teams.yaml is a symlink to a file outside the map folder: skipped with an info finding',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      const outside = join(dir, '..', 'outside');
      put(outside, 'teams.yaml', TEAM);
      symlinkSync(join(outside, 'teams.yaml'), join(dir, 'teams.yaml'));
      symlinkSync('/etc/passwd', join(dir, 'passwd.yaml'));
    },
    expect: { codes: [0], info: ['teams.yaml', 'passwd.yaml'] },
  },
  {
    id: 'symlink-dangling',
    about: 'a symlink to a file that does not exist: skipped with an info finding',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      symlinkSync('missing.yaml', join(dir, 'teams.yaml'));
    },
    expect: { codes: [0], info: ['teams.yaml'] },
  },
  {
    id: 'fifo-named-yaml',
    about: 'a FIFO named pipe.yaml (opening it would block forever): skipped with an info finding',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    },
    expect: { codes: [0], info: ['pipe.yaml'] },
  },
  {
    id: 'directory-named-yaml',
    about: 'an empty folder named x.yaml: skipped with an info finding',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      mkdirSync(join(dir, 'x.yaml'));
    },
    expect: { codes: [0], info: ['x.yaml'] },
  },

  // --- nesting ---
  {
    id: 'nesting-10000-flow-sequences',
    about: 'teams: [[[[ ... ]]]] 10,000 levels deep',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `teams: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /nesting (is )?deeper than \d+ levels/i } },
    build: 'existing',
  },
  {
    id: 'nesting-10000-flow-mappings',
    about: 'teams: {a: {a: ... }} 10,000 levels deep',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `teams: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 1, severity: 'error', message: /nesting (is )?deeper than \d+ levels/i } },
  },
  {
    id: 'nesting-10000-block-sequences',
    about: 'teams: followed by `- - - ... x`, 10,000 block sequences deep on one line',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `teams:\n  ${'- '.repeat(10_000)}x\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 2, severity: 'error', message: /nesting (is )?deeper than \d+ levels/i } },
  },
  {
    id: 'nesting-2000-block-mappings',
    about: 'block mappings indented one more space per level, 2,000 levels (2 MB)',
    write: (dir) => {
      put(dir, 'gtmap.yaml', HEADER);
      const lines = ['teams:'];
      for (let i = 1; i <= 2000; i++) lines.push(`${' '.repeat(i)}k:`);
      put(dir, 'teams.yaml', `${lines.join('\n')} 1\n`);
    },
    expect: { codes: [1], at: { file: 'teams.yaml', severity: 'error', message: /nesting (is )?deeper than \d+ levels/i } },
  },

  // --- tags ---
  {
    id: 'tag-js-function',
    about: '`!!js/function` on a team name: a warning at the tag',
    write: files({
      'gtmap.yaml': HEADER,
      'teams.yaml': "teams:\n  - id: sales\n    name: !!js/function 'function () { return process.exit(3) }'\n",
    }),
    expect: { codes: [0], at: { file: 'teams.yaml', line: 3, column: 11, severity: 'warn', message: /tag/i } },
  },
  {
    id: 'tag-custom-local',
    about: '`!foo` on a team name: a warning at the tag',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: !foo Sales\n' }),
    expect: { codes: [0], at: { file: 'teams.yaml', line: 3, column: 11, severity: 'warn', message: /tag/i } },
  },
  {
    id: 'tag-on-section',
    about: '`!foo` on the teams section itself: a warning at the tag',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams: !foo\n  - id: sales\n    name: Sales\n' }),
    expect: { codes: [0], at: { file: 'teams.yaml', line: 1, column: 8, severity: 'warn', message: /tag/i } },
  },

  // --- numbers and ids ---
  {
    id: 'headcount-1e400',
    about: '`headcount: 1e400` (Infinity once parsed)',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('headcount: 3', 'headcount: 1e400') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 4, column: 16, severity: 'error', message: /headcount|schema\// } },
    build: 'existing',
  },
  {
    id: 'headcount-nan',
    about: '`headcount: .nan`',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('headcount: 3', 'headcount: .nan') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 4, column: 16, severity: 'error', message: /headcount|schema\// } },
  },
  {
    id: 'headcount-inf',
    about: '`headcount: .inf`',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('headcount: 3', 'headcount: .inf') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 4, column: 16, severity: 'error', message: /headcount|schema\// } },
  },
  {
    id: 'headcount-negative-fraction',
    about: '`headcount: -0.5`',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('headcount: 3', 'headcount: -0.5') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 4, column: 16, severity: 'error', message: /schema\// } },
  },
  {
    id: 'id-nan',
    about: '`id: .nan`',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('id: sales', 'id: .nan') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 2, column: 9, severity: 'error', message: /schema\// } },
  },
  {
    id: 'id-numeric',
    about: '`id: 42`',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('id: sales', 'id: 42') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 2, column: 9, severity: 'error', message: /schema\// } },
  },
  {
    id: 'id-null',
    about: '`id:` with no value',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': TEAM.replace('id: sales', 'id:') }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 2, severity: 'error', message: /schema\// } },
  },
  {
    id: 'id-duplicate',
    about: 'two teams with the same id',
    write: files({ 'gtmap.yaml': HEADER, 'teams.yaml': `${TEAM}  - id: sales\n    name: Sales again\n` }),
    expect: { codes: [1], at: { file: 'teams.yaml', line: 5, severity: 'error', message: /ref\/duplicate-id/ } },
  },

  // --- configuration ---
  {
    id: 'vague-word-matching-empty-text-flow',
    about: 'text/no-vague-language configured with words: ["."], a phrase that matches empty text',
    write: files({ 'gtmap.yaml': vagueHeaderFlow, 'teams.yaml': TEAM_WITH_TEXT }),
    expect: { codes: [1, 2], at: { file: 'gtmap.yaml', line: 3, severity: 'error', message: /\./ } },
    // a bad lint option is a lint finding, which the site shows rather than refuses: build must
    // only end, and leave the old site or a complete new one
    build: { where: 'existing', codes: [0, 1, 2] },
  },
  {
    id: 'vague-word-matching-empty-text-block',
    about: 'the same, as `- phrase: "."` in block style: the error is at the phrase line',
    write: files({ 'gtmap.yaml': vagueHeaderBlock, 'teams.yaml': TEAM_WITH_TEXT }),
    expect: { codes: [1, 2], at: { file: 'gtmap.yaml', line: 8, severity: 'error', message: /\./ } },
  },
];

/** Writes one case's map folder at `dir` (created). */
export function writeCase(c, dir) {
  mkdirSync(dir, { recursive: true });
  c.write(dir);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [out, ...ids] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: node test/corpus/generate.mjs <out-folder> [case-id ...]\n');
    process.exit(2);
  }
  const unknown = ids.filter((id) => !cases.some((c) => c.id === id));
  if (unknown.length) {
    process.stderr.write(`unknown case(s): ${unknown.join(', ')}\n`);
    process.exit(2);
  }
  for (const c of cases.filter((c) => ids.length === 0 || ids.includes(c.id))) {
    writeCase(c, join(out, c.id, 'map'));
    process.stdout.write(`${join(out, c.id, 'map')}  ${c.about}\n`);
  }
}
