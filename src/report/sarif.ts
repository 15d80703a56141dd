// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: relative URIs, stable fingerprints.
import { sha256Hex } from './sha256.js';
import { severityRank, type Diagnostic, type ModelPath, type RelatedLocation, type Severity, type SkipNotice } from '../diagnostic.js';
import { jsonText } from './json.js';
import { describeSkip } from './summary.js';
import type { Formatter, ReportContext, RuleInfo } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const HOME = 'https://github.com/gtmap/gtmap';
/** GitHub rejects a run with more results than this; we keep the most severe. */
export const MAX_RESULTS = 25_000;
/** GitHub truncates rule descriptions beyond this many characters. */
const MAX_DESCRIPTION = 1024;

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warn: 'warning', info: 'note' };
const PROBLEM_SEVERITY: Record<Level, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

type RuleMeta = RuleInfo;

function levelOf(severity: string): Level {
  return severity in LEVEL ? LEVEL[severity as Severity] : 'warning';
}

function clip(s: string, max = MAX_DESCRIPTION): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** `map/a b.yaml` -> `map/a%20b.yaml`; absolute paths become file URIs (GitHub makes them relative to the checkout). */
export function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  const posix = file.replace(/\\/g, '/');
  const encode = (p: string): string =>
    p
      .split('/')
      .map((seg) => encodeURIComponent(seg))
      .join('/');
  if (/^[A-Za-z]:\//.test(posix)) return { uri: `file:///${posix.slice(0, 2)}${encode(posix.slice(2))}` };
  if (posix.startsWith('/')) return { uri: `file://${encode(posix)}` };
  return { uri: encode(posix.replace(/^(\.\/)+/, '')), uriBaseId: '%SRCROOT%' };
}

/** ['handoffs', 2, 'owner'] -> `handoffs[2].owner` */
export function pathString(path: ModelPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Identity of a finding that survives lines moving and entities being added or reordered:
 * rule, file, the model path without its list indices, and the message (which names the
 * entity); not the line. Findings that still collide are told apart by their occurrence.
 * Exported so tests (and users diffing SARIF) can recompute it.
 */
export function fingerprint(d: Diagnostic): string {
  const shape = d.path.map((seg) => (typeof seg === 'number' ? '#' : seg));
  const key = [d.ruleId, artifactUri(d.file).uri, JSON.stringify(shape), d.message].join('\u0000');
  return sha256Hex(key).slice(0, 32);
}

function describeRule(id: string, meta: RuleMeta | undefined, fallbackDocs: string) {
  const description = meta?.description || `gtmap rule ${id}.`;
  const docs = meta?.docsUrl || fallbackDocs;
  const rationale = meta?.rationale;
  const level = levelOf(meta?.severity ?? 'warn');
  const prefix = id.includes('/') ? id.slice(0, id.indexOf('/')) : id;
  return {
    id,
    shortDescription: { text: clip(description) },
    fullDescription: { text: clip(rationale ? `${description} ${rationale}` : description) },
    helpUri: docs,
    help: {
      text: `${description}${rationale ? `\n\nWhy it matters: ${rationale}` : ''}\n\nDocumentation: ${docs}`,
      markdown: `**${id}**: ${description}${rationale ? `\n\n**Why it matters:** ${rationale}` : ''}\n\n[Rule documentation](${docs})`,
    },
    defaultConfiguration: { level },
    properties: { tags: ['gtmap', prefix], precision: 'very-high', 'problem.severity': PROBLEM_SEVERITY[level] },
  };
}

function region(d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>) {
  const startLine = Math.max(1, d.line);
  const startColumn = Math.max(1, d.column);
  const endLine = Math.max(startLine, d.endLine);
  // SARIF's endColumn is the column after the last character; keep at least one character
  const endColumn = endLine === startLine ? Math.max(startColumn + 1, d.endColumn) : Math.max(1, d.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

/** Brackets and backslashes escaped, as SARIF asks of a plain text message with embedded links (2.1.0 §3.11.6). */
function escapeLinkText(s: string): string {
  return s.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/**
 * The result's text with a link to each related location, `[what](id)`: GitHub code scanning
 * links to the related locations a message embeds this way.
 */
function linkedMessage(message: string, related: readonly RelatedLocation[]): string {
  const links = related.map((r, k) => `[${escapeLinkText(r.message)}](${k + 1})`);
  const joined = links.length === 1 ? links[0] : `${links.slice(0, -1).join(', ')} and ${links[links.length - 1]}`;
  return `${escapeLinkText(message)} See ${joined}.`;
}

/** Keeps the `limit` most severe findings, in their original order. */
function mostSevere(diagnostics: readonly Diagnostic[], limit: number): readonly Diagnostic[] {
  if (diagnostics.length <= limit) return diagnostics;
  const ranked = diagnostics.map((d, i) => ({ d, i })).sort((a, b) => severityRank[b.d.severity] - severityRank[a.d.severity] || a.i - b.i);
  return ranked
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.d);
}

/** A part lint did not look at, as a tool execution notification at the place of its cause. */
function skipNotification(n: SkipNotice, fileIndex: ReadonlyMap<string, number>) {
  const index = n.file === undefined ? undefined : fileIndex.get(n.file);
  const physicalLocation =
    n.file === undefined
      ? undefined
      : {
          artifactLocation: { ...artifactUri(n.file), ...(index === undefined ? {} : { index }) },
          ...(n.line !== undefined && n.line >= 1
            ? { region: { startLine: n.line, ...(n.column !== undefined && n.column >= 1 ? { startColumn: n.column } : {}) } }
            : {}),
        };
  return {
    level: 'warning',
    message: { text: `Not linted: ${describeSkip(n)}.` },
    ...(physicalLocation ? { locations: [{ physicalLocation }] } : {}),
    ...(n.rules?.length ? { properties: { rulesNotRun: [...n.rules] } } : {}),
  };
}

export function sarifLog(diagnostics: readonly Diagnostic[], ctx: ReportContext, limit = MAX_RESULTS) {
  const kept = mostSevere(diagnostics, limit);
  const ruleIds = [...new Set(kept.map((d) => d.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => describeRule(id, ctx.rules.get(id), kept.find((d) => d.ruleId === id)?.docsUrl ?? `${HOME}#readme`));

  const files = [...new Set([...ctx.files, ...kept.flatMap((d) => [d.file, ...(d.related ?? []).map((r) => r.file)])])].sort();
  const fileIndex = new Map(files.map((f, i) => [f, i]));
  const artifacts = files.map((f) => ({ location: artifactUri(f) }));

  const seen = new Map<string, number>();
  const results = kept.map((d) => {
    const hash = fingerprint(d);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    const path = pathString(d.path);
    const related = d.related ?? [];
    return {
      ruleId: d.ruleId,
      ruleIndex: ruleIndex.get(d.ruleId)!,
      level: LEVEL[d.severity],
      message: { text: related.length ? linkedMessage(d.message, related) : d.message },
      locations: [
        {
          physicalLocation: { artifactLocation: { ...artifactUri(d.file), index: fileIndex.get(d.file)! }, region: region(d) },
          ...(path ? { logicalLocations: [{ fullyQualifiedName: path }] } : {}),
        },
      ],
      ...(related.length
        ? {
            relatedLocations: related.map((r, k) => ({
              id: k + 1,
              physicalLocation: { artifactLocation: { ...artifactUri(r.file), index: fileIndex.get(r.file)! }, region: region(r) },
              message: { text: r.message },
            })),
          }
        : {}),
      // GitHub matches alerts across commits by primaryLocationLineHash only; ours ignores line numbers
      partialFingerprints: { 'gtmap/v1': hash, primaryLocationLineHash: `${hash}:${occurrence}` },
    };
  });

  const omitted = diagnostics.length - kept.length;
  const skipped = ctx.skipped ?? [];
  const notifications = [
    ...skipped.map((n) => skipNotification(n, fileIndex)),
    ...(omitted > 0
      ? [
          {
            level: 'warning',
            message: {
              text: `${omitted} less severe findings were left out: GitHub code scanning rejects a run with more than ${limit} results. Run \`gtmap lint --format json\` to see them all.`,
            },
          },
        ]
      : []),
  ];
  const run = {
    tool: { driver: { name: 'gtmap', version: ctx.toolVersion, semanticVersion: ctx.toolVersion, informationUri: HOME, rules } },
    // a partial run did not execute every rule on every part of the map (SARIF 2.1.0 appendix I)
    invocations: [
      { executionSuccessful: skipped.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) },
    ],
    artifacts,
    columnKind: 'utf16CodeUnits',
    results,
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

export const sarif: Formatter = (diagnostics, ctx) => jsonText(sarifLog(diagnostics, ctx));
