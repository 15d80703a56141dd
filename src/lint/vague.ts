// The vague phrases that make a stated commitment uncheckable, each with the rewrite that fixes it.
// Shared by text/no-vague-language and the rules that check a sentence must be checkable; the
// list is configured once, through text/no-vague-language's `words` and `allow` options.
import type { Model } from '../model/index.js';

export interface VaguePhrase {
  phrase: string;
  suggestion: string;
}

const DECIDE = 'name the owner and the date by which it will be decided';
const TRIGGER = 'state the trigger: the field value or event that makes it happen';
const DURATION = 'give a duration, e.g. "within 4h" or "within 2bd"';
const FREQUENCY = 'give a frequency, e.g. "weekly" or "on the first Monday of the month"';
const LIST = 'list every item: an open list cannot be checked';
const NUMBER = 'give the number or the threshold';
const CONDITION = 'state the condition that decides it';

export const DEFAULT_VAGUE: readonly VaguePhrase[] = [
  { phrase: 'TBD', suggestion: DECIDE },
  { phrase: 'TBC', suggestion: DECIDE },
  { phrase: 'to be decided', suggestion: DECIDE },
  { phrase: 'to be determined', suggestion: DECIDE },
  { phrase: 'as needed', suggestion: TRIGGER },
  { phrase: 'as necessary', suggestion: TRIGGER },
  { phrase: 'as required', suggestion: TRIGGER },
  { phrase: 'as appropriate', suggestion: CONDITION },
  { phrase: 'if applicable', suggestion: CONDITION },
  { phrase: 'ASAP', suggestion: DURATION },
  { phrase: 'as soon as possible', suggestion: DURATION },
  { phrase: 'soon', suggestion: DURATION },
  { phrase: 'quickly', suggestion: DURATION },
  { phrase: 'promptly', suggestion: DURATION },
  { phrase: 'timely', suggestion: DURATION },
  { phrase: 'in a timely manner', suggestion: DURATION },
  { phrase: 'regularly', suggestion: FREQUENCY },
  { phrase: 'periodically', suggestion: FREQUENCY },
  { phrase: 'frequently', suggestion: FREQUENCY },
  { phrase: 'from time to time', suggestion: FREQUENCY },
  { phrase: 'ideally', suggestion: 'state what is required, and drop what is only hoped for' },
  { phrase: 'hopefully', suggestion: 'state what is required, and drop what is only hoped for' },
  { phrase: 'good fit', suggestion: 'state the fit criteria as a condition (segment, size, use case)' },
  { phrase: 'right fit', suggestion: 'state the fit criteria as a condition (segment, size, use case)' },
  { phrase: 'etc.', suggestion: LIST },
  { phrase: 'and so on', suggestion: LIST },
  { phrase: 'various', suggestion: LIST },
  { phrase: 'some', suggestion: NUMBER },
  { phrase: 'several', suggestion: NUMBER },
  { phrase: 'a few', suggestion: NUMBER },
  { phrase: 'significant', suggestion: NUMBER },
  { phrase: 'sufficient', suggestion: NUMBER },
  { phrase: 'reasonable', suggestion: NUMBER },
  { phrase: 'appropriate', suggestion: 'name the criterion that makes it appropriate' },
  { phrase: 'relevant', suggestion: 'name them, or the condition that makes them relevant' },
  { phrase: 'key stakeholders', suggestion: 'name the roles' },
  { phrase: 'where possible', suggestion: 'make it a requirement, or state when it does not apply' },
  { phrase: 'if possible', suggestion: 'make it a requirement, or state when it does not apply' },
  { phrase: 'when possible', suggestion: 'make it a requirement, or state when it does not apply' },
  { phrase: 'usually', suggestion: 'state the rule and its exceptions' },
  { phrase: 'generally', suggestion: 'state the rule and its exceptions' },
  { phrase: 'typically', suggestion: 'state the rule and its exceptions' },
  { phrase: 'maybe', suggestion: 'decide it, or name who decides and by when' },
];

export const GENERIC_SUGGESTION = 'say exactly what is meant: a number, a duration, a name or a condition';

export interface VagueOptions {
  words?: (string | { phrase: string; suggestion?: string })[];
  allow?: string[];
}

export const VAGUE_OPTIONS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    words: {
      type: 'array',
      description: 'Phrases to flag besides the built-in list: a phrase, or `{ phrase, suggestion }`.',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            properties: { phrase: { type: 'string', minLength: 1 }, suggestion: { type: 'string', minLength: 1 } },
            required: ['phrase'],
            additionalProperties: false,
          },
        ],
      },
    },
    allow: { type: 'array', description: 'Built-in phrases not to flag (case-insensitive).', items: { type: 'string', minLength: 1 } },
  },
  additionalProperties: false,
};

/** Why a configured phrase cannot be used, or undefined: a phrase that matches empty text would flag every position. */
export function phraseProblem(phrase: string): string | undefined {
  if (new RegExp(`^(?:${phrasePattern(phrase)})$`, 'iu').test('')) {
    return `Phrase ${JSON.stringify(phrase)} has no words (only dots, spaces or hyphens), so it would match empty text at every position. Write the words to flag, e.g. \`as needed\`.`;
  }
  return undefined;
}

/** Problems in `words`, as paths inside the options object. */
export function checkVagueOptions(options: VagueOptions): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  (Array.isArray(options.words) ? options.words : []).forEach((w, i) => {
    const phrase = typeof w === 'string' ? w : w && typeof w === 'object' && typeof w.phrase === 'string' ? w.phrase : undefined;
    const problem = phrase === undefined ? undefined : phraseProblem(phrase.trim());
    if (problem) out.push({ path: typeof w === 'string' ? ['words', i] : ['words', i, 'phrase'], message: problem });
  });
  return out;
}

/** The built-in list with `allow` removed and `words` added; unusable phrases are left out (checkVagueOptions reports them). */
const lists = new Map<string, VaguePhrase[]>();

/** The phrases to flag under these options; the same array for the same options, so its matcher is compiled once. */
export function vagueList(options: VagueOptions = {}): VaguePhrase[] {
  const key = JSON.stringify([options.allow ?? null, options.words ?? null]);
  let out = lists.get(key);
  if (out) return out;
  const allow = new Set(
    (Array.isArray(options.allow) ? options.allow : []).filter((a) => typeof a === 'string').map((a) => a.toLowerCase()),
  );
  out = DEFAULT_VAGUE.filter((p) => !allow.has(p.phrase.toLowerCase()));
  const added: VaguePhrase[] = [];
  for (const w of Array.isArray(options.words) ? options.words : []) {
    if (typeof w === 'string' && w.trim()) added.push({ phrase: w.trim(), suggestion: GENERIC_SUGGESTION });
    else if (w && typeof w === 'object' && typeof w.phrase === 'string' && w.phrase.trim()) {
      added.push({ phrase: w.phrase.trim(), suggestion: typeof w.suggestion === 'string' ? w.suggestion : GENERIC_SUGGESTION });
    }
  }
  // the built-in phrases all have words; only a map's own can be empty
  out.push(...added.filter((p) => phraseProblem(p.phrase) === undefined));
  lists.set(key, out);
  return out;
}

/** The list as text/no-vague-language is configured in the map's gtmap.yaml, for other rules. */
export function configuredVagueList(model: Model): VaguePhrase[] {
  const setting = model.header.lint?.rules?.['text/no-vague-language'];
  const options =
    setting && typeof setting === 'object' && !Array.isArray(setting) ? (setting as { options?: unknown }).options : undefined;
  return vagueList(options && typeof options === 'object' ? (options as VagueOptions) : {});
}

const compiled = new WeakMap<readonly VaguePhrase[], { re: RegExp; phrases: VaguePhrase[] }>();

function phrasePattern(phrase: string): string {
  const trailingDot = phrase.endsWith('.');
  const core = (trailingDot ? phrase.slice(0, -1) : phrase).trim();
  const body = core
    .split(/[\s-]+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s-]+');
  return `${body}${trailingDot ? '\\.?' : ''}`;
}

/** One regex for the whole list: longest phrases first, so at any position the longest one wins. */
function matcher(list: readonly VaguePhrase[]): { re: RegExp; phrases: VaguePhrase[] } {
  let m = compiled.get(list);
  if (!m) {
    const phrases = list.filter((p) => p.phrase.trim() !== '').sort((a, b) => b.phrase.length - a.phrase.length);
    // whole words only: no letter, digit or underscore on either side
    const alt = phrases.map((p) => `(${phrasePattern(p.phrase)})`).join('|') || '(?!)';
    m = { re: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alt})(?![\\p{L}\\p{N}_])`, 'giu'), phrases };
    compiled.set(list, m);
  }
  m.re.lastIndex = 0;
  return m;
}

export interface VagueHit {
  phrase: string;
  suggestion: string;
  /** The text as written. */
  match: string;
  /** Offset in the string. */
  index: number;
}

/** Every vague phrase in the text, in text order; where phrases overlap, the longest at the leftmost position. */
export function findVague(text: string, list: readonly VaguePhrase[]): VagueHit[] {
  if (typeof text !== 'string' || text === '') return [];
  const { re, phrases } = matcher(list);
  const hits: VagueHit[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // every phrase needs text (phraseProblem), but the loop must advance whatever it is given
    if (m[0] === '') {
      re.lastIndex = m.index + 1;
      continue;
    }
    const p = phrases[m.slice(1).findIndex((g) => g !== undefined)]!;
    hits.push({ phrase: p.phrase, suggestion: p.suggestion, match: m[0], index: m.index });
  }
  return hits;
}
