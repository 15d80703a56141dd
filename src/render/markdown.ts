// The one markdown-it instance: every description on the site goes through here.
import MarkdownIt from 'markdown-it';

type Md = InstanceType<typeof MarkdownIt>;
import { type SafeHtml, trusted } from './html.js';

const SAFE_SCHEME = /^(https?:|mailto:)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Keeps http, https, mailto and relative links; drops javascript:, vbscript:, data:, file: and the rest. */
export function isSafeLink(url: string): boolean {
  // strip what browsers ignore before the scheme (whitespace, control characters)
  // eslint-disable-next-line no-control-regex
  const u = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return !ANY_SCHEME.test(u) || SAFE_SCHEME.test(u);
}

export function createMarkdown(): Md {
  const md = new MarkdownIt({
    html: false, // map text is data, not markup: raw HTML prints as text
    linkify: false, // only links the author wrote become links
    typographer: false, // keep the author's quotes and dashes as written
  });
  md.validateLink = isSafeLink;
  // images would be remote loads, which the site's Content-Security-Policy forbids
  md.disable('image');
  // descriptions sit under the entity's own heading: their headings start at h4
  md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 3)}`;
    return self.renderToken(tokens, idx, options);
  };
  md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 3)}`;
    return self.renderToken(tokens, idx, options);
  };
  // a relative link in a description means a page of this site: resolve it from the site root,
  // whichever page (teams/…, pipelines/…) the description is shown on
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const t = tokens[idx]!;
    const href = t.attrGet('href');
    const root = (env as { root?: string } | undefined)?.root;
    if (typeof href === 'string' && root && !ANY_SCHEME.test(href) && !/^[#/?]/.test(href)) t.attrSet('href', root + href);
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

/**
 * gtmap's own documentation (docs/rules/), for the rule pages the site ships: rendered as the
 * repository shows it (headings as written), raw HTML still printed as text, and every relative
 * link passed through `rewrite` (the page it names on the site, or in the repository).
 */
export function docsMarkdown(rewrite: (href: string) => string): (src: string) => SafeHtml {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = isSafeLink;
  md.disable('image');
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    const href = t.attrGet('href');
    if (typeof href === 'string' && !ANY_SCHEME.test(href) && !/^[#/?]/.test(href)) t.attrSet('href', rewrite(href));
    return self.renderToken(tokens, idx, options);
  };
  return (src) => trusted(md.render(src));
}

let instance: Md | undefined;
function md(): Md {
  if (instance) return instance;
  instance = createMarkdown();
  instance.core.ruler.push('glossary_terms', linkGlossaryTerms);
  return instance;
}

/** `root` leads from the page the text is shown on back to the site root ('' or '../'). */
export function markdown(src: string | undefined, root = ''): SafeHtml | null {
  if (src === undefined || src.trim() === '') return null;
  return trusted(md().render(src, { root, glossary: scope }));
}

// ---- glossary terms, linked where they first appear on a page ----

/** A glossary term as the matcher sees it: every written form (name and aliases) and where it is defined. */
export interface GlossaryEntry {
  id: string;
  /** The name and the aliases, as written in the map. */
  forms: readonly string[];
  /** Site-relative page and anchor, e.g. `glossary.html#mql`. */
  href: string;
  /** The one-line definition, shown as the link's tooltip. */
  title: string;
}

interface Form {
  entry: GlossaryEntry;
  written: string;
  /** An acronym (MQL, SQL, EB): matches only as written, so "sql" in prose stays prose. */
  exact: boolean;
  words: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  form: Form | null;
}

/**
 * Every form of every term in one word trie, built once per build. Matching walks the text's
 * words once, following the trie from each word for at most `depth` words (the longest form),
 * so it is linear in the text whatever the number of terms (a regex alternation of every term,
 * or one regex per term, costs text x terms).
 */
export interface GlossaryMatcher {
  root: TrieNode;
  depth: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** What may sit between the words of a multi-word term in prose: spaces and hyphens, nothing else. */
const JOINER = /^[\s\-\u2010\u2011]+$/u;

const isAcronym = (s: string): boolean => /^[\p{Lu}\p{N}]+$/u.test(s) && /\p{Lu}.*\p{Lu}/u.test(s);

export function glossaryMatcher(entries: readonly GlossaryEntry[]): GlossaryMatcher {
  const root: TrieNode = { next: new Map(), form: null };
  let depth = 0;
  for (const entry of entries) {
    for (const written of entry.forms) {
      const words = written.match(WORD);
      if (!words) continue;
      let node = root;
      for (const w of words) {
        const k = w.toLowerCase();
        let n = node.next.get(k);
        if (!n) node.next.set(k, (n = { next: new Map(), form: null }));
        node = n;
      }
      // the first term to claim a form keeps it (map order), as ids do
      node.form ??= { entry, written, exact: isAcronym(written.replace(/[^\p{L}\p{N}]/gu, '')), words: words.length };
      depth = Math.max(depth, words.length);
    }
  }
  return { root, depth };
}

export interface TermHit {
  start: number;
  end: number;
  entry: GlossaryEntry;
}

/**
 * The first occurrence of each term in `text` not yet in `seen` (term ids; updated), longest
 * form first at each position. Word-bounded; a plural `s` on the last word is allowed (MQLs).
 */
export function findTerms(m: GlossaryMatcher, text: string, seen: Set<string>): TermHit[] {
  const words: { w: string; start: number; end: number }[] = [];
  for (const x of text.matchAll(WORD)) words.push({ w: x[0], start: x.index, end: x.index + x[0].length });
  const hits: TermHit[] = [];
  for (let i = 0; i < words.length;) {
    let node: TrieNode | undefined = m.root;
    let best: { form: Form; end: number; last: number } | null = null;
    for (let j = i; j < words.length && j - i < m.depth && node; j++) {
      const cur = words[j]!;
      if (j > i && !JOINER.test(text.slice(words[j - 1]!.end, cur.start))) break;
      const lower = cur.w.toLowerCase();
      const exactNode: TrieNode | undefined = node.next.get(lower);
      const plural: TrieNode | undefined = lower.length > 1 && lower.endsWith('s') ? node.next.get(lower.slice(0, -1)) : undefined;
      for (const [n, cut] of [
        [exactNode, 0],
        [plural, 1],
      ] as const) {
        if (!n?.form || seen.has(n.form.entry.id)) continue;
        const written = text.slice(words[i]!.start, cur.end - cut);
        if (n.form.exact && written.replace(/[^\p{L}\p{N}]/gu, '') !== n.form.written.replace(/[^\p{L}\p{N}]/gu, '')) continue;
        if (!best || j >= best.last) best = { form: n.form, end: cur.end, last: j };
        break;
      }
      node = exactNode;
    }
    if (best) {
      hits.push({ start: words[i]!.start, end: best.end, entry: best.form.entry });
      seen.add(best.form.entry.id);
      i = best.last + 1;
    } else i++;
  }
  return hits;
}

interface GlossaryScope {
  matcher: GlossaryMatcher;
  seen: Set<string>;
}

let scope: GlossaryScope | null = null;

/**
 * Renders one page's view model with glossary linking: every `markdown()` call inside `fn`
 * links the first occurrence of each term on that page. `null` turns linking off (the glossary
 * page itself, which is where the links lead).
 */
export function withGlossary<T>(matcher: GlossaryMatcher | null, fn: () => T): T {
  const prev = scope;
  scope = matcher ? { matcher, seen: new Set() } : null;
  try {
    return fn();
  } finally {
    scope = prev;
  }
}

type StateCore = Parameters<Parameters<Md['core']['ruler']['push']>[1]>[0];
type Token = StateCore['tokens'][number];

/** A core rule: split text tokens outside links around terms; code spans and blocks are other token types, so never touched. */
function linkGlossaryTerms(state: StateCore): void {
  const g = (state.env as { glossary?: GlossaryScope | null } | undefined)?.glossary;
  if (!g) return;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    for (const t of block.children) {
      if (t.type === 'link_open') inLink++;
      else if (t.type === 'link_close') inLink--;
      if (t.type !== 'text' || inLink > 0) {
        out.push(t);
        continue;
      }
      const hits = findTerms(g.matcher, t.content, g.seen);
      if (!hits.length) {
        out.push(t);
        continue;
      }
      let at = 0;
      const textToken = (content: string): Token => {
        const x = new state.Token('text', '', 0);
        x.content = content;
        return x;
      };
      for (const h of hits) {
        if (h.start > at) out.push(textToken(t.content.slice(at, h.start)));
        const open = new state.Token('link_open', 'a', 1);
        open.attrs = [
          ['href', h.entry.href],
          ['class', 'term'],
          ['title', h.entry.title],
        ];
        out.push(open, textToken(t.content.slice(h.start, h.end)), new state.Token('link_close', 'a', -1));
        at = h.end;
      }
      if (at < t.content.length) out.push(textToken(t.content.slice(at)));
    }
    block.children = out;
  }
}

/** plainText's answers by source: a term's definition is read for the glossary links and again for its page. */
const plainOf = new Map<string, string>();
const MAX_PLAIN = 20_000;

/** The text of a markdown string, without markup: for one-line definitions and the search index. */
export function plainText(src: string | undefined): string {
  if (!src) return '';
  let plain = plainOf.get(src);
  if (plain === undefined) {
    plain = plainOfMarkdown(src);
    // bounded for gtmap serve, which renders many versions of a map in one process
    if (plainOf.size >= MAX_PLAIN) plainOf.clear();
    plainOf.set(src, plain);
  }
  return plain;
}

function plainOfMarkdown(src: string): string {
  const out: string[] = [];
  const walk = (tokens: ReturnType<Md['parse']>): void => {
    for (const t of tokens) {
      if (t.type === 'inline' && t.children) walk(t.children);
      else if (t.type === 'text' || t.type === 'code_inline') out.push(t.content);
      else if (t.type === 'softbreak' || t.type === 'hardbreak') out.push(' ');
      else if (t.type === 'paragraph_close' || t.type === 'list_item_close' || t.type === 'heading_close') out.push(' ');
    }
  };
  walk(md().parse(src, {}));
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** The first sentence of a markdown string, as plain text. */
export function firstSentence(src: string | undefined, max = 200): string {
  const t = plainText(src);
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  const s = m ? m[1]! : t;
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}
