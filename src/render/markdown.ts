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
  return (instance ??= createMarkdown());
}

/** `root` leads from the page the text is shown on back to the site root ('' or '../'). */
export function markdown(src: string | undefined, root = ''): SafeHtml | null {
  if (src === undefined || src.trim() === '') return null;
  return trusted(md().render(src, { root }));
}

/** The text of a markdown string, without markup: for one-line definitions and the search index. */
export function plainText(src: string | undefined): string {
  if (!src) return '';
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
