// Built-in checks: YAML, the folder walk, schema, references, conditions, and the lint engine's own
// checks. They are always on and cannot be configured or suppressed, but they have ids and docs
// like lint rules. Metadata only, so every stage can name them.
import type { Severity } from './diagnostic.js';

export interface CoreRule {
  id: string;
  severity: Severity;
  description: string;
  rationale: string;
}

export const coreRules: CoreRule[] = [
  {
    id: 'yaml/syntax',
    severity: 'error',
    description: 'The file is not valid YAML.',
    rationale: 'A file that does not parse cannot be checked or rendered; nothing in it takes effect.',
  },
  {
    id: 'yaml/duplicate-key',
    severity: 'error',
    description: 'A mapping has the same key twice.',
    rationale: 'YAML keeps only one of the two values, so half of what the author wrote silently disappears.',
  },
  {
    id: 'yaml/tab-indent',
    severity: 'error',
    description: 'A line is indented with a tab.',
    rationale:
      'YAML forbids tabs for indentation; editors show them at different widths, so the structure the author sees is not the one parsed.',
  },
  {
    id: 'yaml/encoding',
    severity: 'error',
    description: 'The file is not valid UTF-8.',
    rationale: 'Names in another encoding turn into replacement characters on the site and in CRM exports.',
  },
  {
    id: 'yaml/bom',
    severity: 'warn',
    description: 'The file starts with a byte order mark.',
    rationale: 'Some tools treat the BOM as part of the first key; UTF-8 needs none.',
  },
  {
    id: 'yaml/line-endings',
    severity: 'warn',
    description: 'The file uses CRLF line endings.',
    rationale: 'Mixed line endings make every line show as changed in a pull request review.',
  },
  {
    id: 'yaml/empty-file',
    severity: 'warn',
    description: 'The file holds no sections.',
    rationale: 'An empty file in the map folder is usually a section that was moved or never written.',
  },
  {
    id: 'yaml/file-too-large',
    severity: 'error',
    description: 'The file is larger than the 5 MiB limit.',
    rationale: 'A map file that large is generated data, not an operating map, and would slow every check; split sections across files.',
  },
  {
    id: 'yaml/alias',
    severity: 'error',
    description: 'A YAML alias is undefined or aliases expand beyond the limit.',
    rationale: 'Nested aliases can expand exponentially (an alias bomb) and exhaust memory in CI.',
  },
  {
    id: 'yaml/control-character',
    severity: 'error',
    description: 'The file holds a control character that YAML does not allow (NUL, ESC, DEL and others).',
    rationale:
      "Control characters are invisible in an editor and in review, but a terminal or a CI log acts on them: they can retitle a window, clear the screen or hide text. YAML forbids them, so both of gtmap's parsers refuse the file.",
  },
  {
    id: 'yaml/too-deep',
    severity: 'error',
    description: 'The file nests more than 100 levels deep.',
    rationale: 'Parsers recurse once per level, so very deep nesting crashes them; no operating map needs more than about ten levels.',
  },
  {
    id: 'yaml/too-many-items',
    severity: 'error',
    description: 'A list holds more than 50,000 items.',
    rationale:
      'A list that long is generated data, not an operating map; validating and placing a million items would take seconds and gigabytes in every CI run.',
  },
  {
    id: 'yaml/unknown-tag',
    severity: 'warn',
    description: 'A value carries a YAML tag gtmap does not know, such as `!!js/function`.',
    rationale:
      'A tag says the author expects the value to be converted or run; gtmap does neither and reads the value as plain data, so the expectation silently fails.',
  },
  {
    id: 'load/skipped',
    severity: 'info',
    description: 'An entry in the map folder was not read: a symbolic link, a FIFO or device, or a folder whose name ends in .yaml.',
    rationale:
      'gtmap never reads outside the map folder, so links are not followed; saying so keeps a file the author expected to count from being silently ignored.',
  },
  {
    id: 'yaml/not-a-mapping',
    severity: 'error',
    description: 'The top level of a file is not a mapping of section names.',
    rationale: 'Sections are found by their key; a list or a plain value at the top level belongs to no section.',
  },
  {
    id: 'schema/required',
    severity: 'error',
    description: 'A required key is missing.',
    rationale:
      'Each section has a few keys without which the entity means nothing (a segment without a rule, a handoff without a receiving team).',
  },
  {
    id: 'schema/unknown-key',
    severity: 'error',
    description: 'A key the format does not define.',
    rationale: 'A misspelled key (`ownr`) is silently ignored by every reader; the value the author meant to set is not set.',
  },
  {
    id: 'schema/enum',
    severity: 'error',
    description: 'A value outside the allowed set.',
    rationale: 'Only the listed values have a meaning the linter and the site understand.',
  },
  {
    id: 'schema/type',
    severity: 'error',
    description: 'A value of the wrong type (text where a list is expected, and so on).',
    rationale: 'A value of the wrong shape cannot be checked or rendered.',
  },
  {
    id: 'schema/pattern',
    severity: 'error',
    description: 'An id or duration that does not follow its format.',
    rationale: 'Ids are used as references and anchors, durations are evaluated against timestamps: both must parse.',
  },
  {
    id: 'schema/invalid',
    severity: 'error',
    description: 'Another schema constraint (length, range, count) is broken.',
    rationale: 'The schema encodes what the format can mean; anything else is ambiguous.',
  },
  {
    id: 'ref/unresolved',
    severity: 'error',
    description: 'A reference names an id that is not declared for that kind.',
    rationale:
      'An owner that is not a team, or a field that is not in the data standards, is an ownership or data gap disguised as a name.',
  },
  {
    id: 'ref/duplicate-id',
    severity: 'error',
    description: 'Two entities of the same kind share an id.',
    rationale: 'References to the id become ambiguous: two teams could both claim to own the same handoff.',
  },
  {
    id: 'condition/shape',
    severity: 'error',
    description: 'A condition is not a single test or a single combinator.',
    rationale: 'A test with two operators or none has no single meaning; conditions must be evaluable against data.',
  },
  {
    id: 'condition/type-mismatch',
    severity: 'error',
    description: 'An operator or value does not fit the type of the field it reads.',
    rationale: 'Comparing a text field with a number can never be true (or is always true); the condition only looks checkable.',
  },
  {
    id: 'condition/unknown-value',
    severity: 'error',
    description: 'A condition compares an enum field with a value it cannot hold.',
    rationale: 'A misspelled picklist value makes a routing rule or exit criterion silently never match.',
  },
  {
    id: 'condition/invalid-regex',
    severity: 'error',
    description: 'A `matches` value is not a valid regular expression.',
    rationale: 'A broken pattern makes the condition fail at evaluation time instead of at review time.',
  },
];

/** Checks of the lint engine itself: suppressions and rule options. Always on, never suppressible. */
export const ENGINE_RULES: CoreRule[] = [
  {
    id: 'lint/unknown-rule',
    severity: 'error',
    description: 'A suppression comment names a rule that does not exist, or a built-in check that cannot be suppressed.',
    rationale:
      'A misspelled rule id in a suppression silently suppresses nothing, and the finding it was meant for still fails the build; the author is left guessing why.',
  },
  {
    id: 'lint/disable-needs-reason',
    severity: 'error',
    description: 'A suppression comment gives no reason after `--`.',
    rationale: 'A suppression without a reason hides a known ambiguity with no record of why it is acceptable.',
  },
  {
    id: 'lint/invalid-option',
    severity: 'error',
    description: 'A rule option in gtmap.yaml has the right shape but cannot work, such as a vague phrase with no words.',
    rationale:
      'A phrase that matches empty text would flag every position of every text, or hang a naive matcher; an option that cannot work must be fixed, not silently dropped.',
  },
  {
    id: 'lint/unused-disable',
    severity: 'warn',
    description: 'A suppression comment suppresses nothing.',
    rationale: 'A stale suppression would silently hide the next real finding on that line.',
  },
];

/** What `gtmap test` reports besides failing cases (those are routing/tests-pass and stage/tests-pass findings). */
export const TEST_RULES: CoreRule[] = [
  {
    id: 'test/coverage',
    severity: 'info',
    description:
      'A routing rule no test case reaches, a condition the cases see only true or only false, a segment no case enters, or a fallback never exercised. Reported by `gtmap test`; `--min-coverage` fails the run below a percentage.',
    rationale:
      'A rule nobody tests is a rule nobody notices breaking: "aim to trigger every node at least once" is advice until something counts it. Coverage says which part of the routing the cases do not pin down.',
  },
];

/** Every built-in check. */
export const BUILTIN_CHECKS: readonly CoreRule[] = [...coreRules, ...ENGINE_RULES, ...TEST_RULES];
