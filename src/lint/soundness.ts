// Which parts of a map lint can trust. A file that does not parse, or an entity with a schema
// error, is left out of the model the rules see; every other entity is linted as usual. Rules
// that reason over a whole section skip a section that lost a part, and each omission is a
// SkipNotice, so a partial run never looks complete.
import type { Diagnostic, SkipNotice } from '../diagnostic.js';
import type { SourceFile } from '../load/index.js';
import { topKeys } from '../load/scan.js';
import { type Exclude, isSection, type Model, type SectionName, SECTIONS } from '../model/index.js';
import { closest } from '../suggest.cjs';
import { plural } from '../text.js';
import { entityLabel } from '../validate/schema.js';

export interface Soundness {
  /** Items to leave out of the lint model; undefined when nothing is broken. */
  exclude: Exclude | undefined;
  /** Sections that lost a part, with the reason in words. */
  incomplete: Map<SectionName, string>;
  /** Rules whose configuration in gtmap.yaml is broken, with the reason. */
  brokenRules: Map<string, string>;
  /** Top-level keys of gtmap.yaml other than `lint` with a schema error, with the reason: rules that read one are skipped. */
  brokenHeader: Map<string, string>;
  /** Files that lost a part: a suppression there may cover a finding that was not looked for. */
  partialFiles: Set<string>;
  notices: SkipNotice[];
}

/** Entities named one by one per file and section; beyond this they are counted. */
const NAMED_PER_SECTION = 3;

function at(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}`;
}

/** Breaks that make a file's or an entity's data untrustworthy: YAML and schema errors. */
function breaks(d: Diagnostic): boolean {
  return d.severity === 'error' && (d.ruleId.startsWith('yaml/') || d.ruleId.startsWith('schema/'));
}

export function soundness(model: Model, problems: readonly Diagnostic[]): Soundness {
  const byFile = new Map<string, SourceFile>(model.files.map((f) => [f.file, f]));
  const excluded = new Map<SourceFile, Map<SectionName, Set<number>>>();
  const result: Soundness = {
    exclude: undefined,
    incomplete: new Map(),
    brokenRules: new Map(),
    brokenHeader: new Map(),
    partialFiles: new Set(),
    notices: [],
  };
  const unparsed = new Set<SourceFile>();
  const wholeSections = new Set<string>();
  const loseSection = (section: SectionName, why: string): void => {
    if (!result.incomplete.has(section)) result.incomplete.set(section, why);
  };
  const counts = new Map<string, { file: string; section: SectionName; extra: number }>();

  for (const d of problems) {
    if (!breaks(d)) continue;
    const file = byFile.get(d.file);
    if (!file) continue;
    if (file.isHeader) {
      if (file.data === undefined && !unparsed.has(file)) {
        unparsed.add(file);
        result.notices.push({
          what: 'the lint configuration in gtmap.yaml',
          why: `the file does not parse (${at(d)}), so every rule ran with its default severity and options`,
          file: d.file,
          line: d.line,
          column: d.column,
        });
      } else if (d.path[0] === 'lint' && d.path[1] === 'rules' && typeof d.path[2] === 'string' && !result.brokenRules.has(d.path[2])) {
        result.brokenRules.set(d.path[2], `its configuration in gtmap.yaml has an error at ${at(d)}`);
      } else if (typeof d.path[0] === 'string' && d.path[0] !== 'lint' && !result.brokenHeader.has(d.path[0])) {
        result.brokenHeader.set(d.path[0], `has a schema error at ${at(d)}`);
      }
      continue;
    }
    if (file.data === undefined || d.path.length === 0) {
      if (unparsed.has(file)) continue;
      unparsed.add(file);
      result.partialFiles.add(file.file);
      const sections = topKeys(file.text).filter(isSection);
      const lost = sections.length ? sections : [...SECTIONS];
      const why = `${file.file} does not parse (${at(d)})`;
      for (const s of lost) loseSection(s, why);
      result.notices.push({
        what: file.file,
        why: `it does not parse (${d.ruleId} at ${at(d)}); ${sections.length ? `it seems to hold ${sections.map((s) => `\`${s}\``).join(', ')}` : 'what it holds is unknown'}`,
        file: d.file,
        line: d.line,
        column: d.column,
      });
      continue;
    }
    const [section, index] = d.path;
    if (isSection(section) && typeof index === 'number') {
      let bySection = excluded.get(file);
      if (!bySection) excluded.set(file, (bySection = new Map()));
      let set = bySection.get(section);
      if (!set) bySection.set(section, (set = new Set()));
      if (set.has(index)) continue;
      set.add(index);
      result.partialFiles.add(file.file);
      const label = entityLabel(file.data, [section, index]) ?? `Item ${index + 1} of \`${section}\``;
      loseSection(section, `${label} has a schema error at ${at(d)}`);
      if (set.size <= NAMED_PER_SECTION) {
        result.notices.push({
          what: `${label} (${file.file})`,
          why: `it has a schema error at ${at(d)}`,
          file: d.file,
          line: d.line,
          column: d.column,
        });
      } else {
        const key = `${file.file}\u0000${section}`;
        const c = counts.get(key) ?? { file: file.file, section, extra: 0 };
        c.extra++;
        counts.set(key, c);
      }
      continue;
    }
    // an error at a section's own key: a section that is not a list, or a misspelt section name
    const name = isSection(section) ? section : typeof section === 'string' ? closest(section, SECTIONS) : undefined;
    if (name && isSection(name)) {
      result.partialFiles.add(file.file);
      if (name === section) wholeSections.add(`${file.file}\u0000${section}`);
      loseSection(name, `\`${String(section)}\` in ${file.file} has a schema error at ${at(d)}`);
      result.notices.push({
        what: `\`${String(section)}\` in ${file.file}`,
        why: `it has a schema error at ${at(d)}`,
        file: d.file,
        line: d.line,
        column: d.column,
      });
    }
  }
  for (const c of counts.values()) {
    result.notices.push({ what: `${plural(c.extra, 'more item')} of \`${c.section}\` (${c.file})`, why: 'they have schema errors' });
  }
  if (excluded.size || wholeSections.size) {
    result.exclude = (file, section, index) =>
      wholeSections.has(`${file.file}\u0000${section}`) || excluded.get(file)?.get(section)?.has(index) === true;
  }
  return result;
}
