// JUnit XML for CI test dashboards: a suite per file, a failing case per finding, a passing case per clean file,
// and a skipped case per part of the map that lint did not look at.
import type { Diagnostic, SkipNotice } from '../diagnostic.js';
import { escapeControl } from '../text.js';
import { describeSkip } from './summary.js';
import type { Formatter } from './types.js';

// Control characters (among them the C0 controls XML 1.0 cannot carry at all) are shown as
// escapeControl shows them everywhere, since a junit file also ends up in a terminal or a log
// viewer; a CR is a line break. What XML still cannot carry, lone surrogates, U+FFFE and U+FFFF,
// is written as a visible \u escape.
const INVALID_XML = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(s: string): string {
  return escapeControl(s.replace(/\r\n?/g, '\n')).replace(INVALID_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function xmlText(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their tabs and line breaks (a parser would fold raw ones into spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

const SEVERITY = { error: 'error', warn: 'warning', info: 'info' } as const;

function testcase(d: Diagnostic): string[] {
  const where = `${d.file}:${d.line}:${d.column}`;
  const name = `${d.ruleId} at ${d.line}:${d.column}`;
  const body = `${SEVERITY[d.severity]} ${d.ruleId} at ${where}\n${d.message}\nDocs: ${d.docsUrl}`;
  return [
    `    <testcase classname="${xmlAttr(d.file)}" name="${xmlAttr(name)}" file="${xmlAttr(d.file)}" line="${d.line}">`,
    `      <failure type="${xmlAttr(d.ruleId)}" message="${xmlAttr(`${SEVERITY[d.severity]}: ${d.message}`)}">${xmlText(body)}</failure>`,
    '    </testcase>',
  ];
}

/** The suite that lists what lint did not look at; named so it sorts apart from the map's files. */
export const NOT_LINTED_SUITE = 'gtmap: not linted';

// <skipped> is what dashboards count and show beside failures (Jenkins, GitLab, Azure, the
// GitHub test-report actions); system-out is folded away in most of them
function skippedCase(n: SkipNotice): string[] {
  const where = n.file === undefined ? '' : ` file="${xmlAttr(n.file)}"${n.line === undefined ? '' : ` line="${n.line}"`}`;
  const text = `Not linted: ${describeSkip(n)}.`;
  return [
    `    <testcase classname="${xmlAttr(NOT_LINTED_SUITE)}" name="${xmlAttr(n.what)}"${where}>`,
    `      <skipped message="${xmlAttr(text)}">${xmlText(`${text}\nFindings there are not reported until this is fixed; this run was partial.`)}</skipped>`,
    '    </testcase>',
  ];
}

export const junit: Formatter = (diagnostics, ctx) => {
  const byFile = new Map<string, Diagnostic[]>();
  for (const f of ctx.files) byFile.set(f, []);
  for (const d of [...diagnostics].filter((d) => !byFile.has(d.file)).sort((a, b) => (a.file < b.file ? -1 : 1))) byFile.set(d.file, []);
  for (const d of diagnostics) byFile.get(d.file)!.push(d);

  const suites: string[] = [];
  let tests = 0;
  for (const [file, list] of byFile) {
    const cases = list.length || 1;
    tests += cases;
    suites.push(`  <testsuite name="${xmlAttr(file)}" tests="${cases}" failures="${list.length}" errors="0" skipped="0">`);
    if (list.length === 0) suites.push(`    <testcase classname="${xmlAttr(file)}" name="no problems" file="${xmlAttr(file)}"/>`);
    for (const d of list) suites.push(...testcase(d));
    suites.push('  </testsuite>');
  }
  const skipped = ctx.skipped ?? [];
  if (skipped.length) {
    tests += skipped.length;
    suites.push(
      `  <testsuite name="${xmlAttr(NOT_LINTED_SUITE)}" tests="${skipped.length}" failures="0" errors="0" skipped="${skipped.length}">`,
    );
    for (const n of skipped) suites.push(...skippedCase(n));
    suites.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gtmap ${xmlAttr(ctx.toolVersion)}" tests="${tests}" failures="${diagnostics.length}" errors="0" skipped="${skipped.length}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
