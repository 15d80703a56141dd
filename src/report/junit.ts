// JUnit XML for CI test dashboards: a suite per file, a failing case per finding, a passing case per clean file.
import type { Diagnostic } from '../diagnostic.js';
import type { Formatter } from './types.js';

// Characters XML 1.0 cannot carry at all (not even as &#..;): C0 controls other than tab,
// LF and CR, lone surrogates, U+FFFE and U+FFFF. They are written as visible \u escapes.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(s: string): string {
  return s.replace(INVALID_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function xmlText(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their quotes and line breaks (a parser would fold raw newlines into spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
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
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gtmap ${xmlAttr(ctx.toolVersion)}" tests="${tests}" failures="${diagnostics.length}" errors="0" skipped="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
