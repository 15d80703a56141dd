// "Your first week" pages for teams and roles, the contacts format, and glossary terms linked in descriptions.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { loadMap } from '../src/load/index.js';
import { diffModels } from '../src/diff/index.js';
import { buildModel } from '../src/model/index.js';
import { render } from '../src/render/index.js';
import { findTerms, glossaryMatcher, type GlossaryEntry, markdown, withGlossary } from '../src/render/markdown.js';
import { contactLines } from '../src/render/views/first-week.js';
import { HEADER, isCoreCheck, makeMap, ROOT } from './helpers.js';

const EXAMPLE = join(ROOT, 'map');

function site(dir: string): Map<string, string> {
  const files = render(buildModel(loadMap(dir)), []);
  return new Map([...files].filter(([p]) => p.endsWith('.html')).map(([p, body]) => [p, String(body)]));
}

/** The `<section id=...>` of a first-week page, or undefined when the page leaves it out. */
function sectionOf(html: string, id: string): string | undefined {
  const start = html.indexOf(`<section class="group fw-section" id="${id}"`);
  if (start < 0) return undefined;
  return html.slice(start, html.indexOf('</section>', start));
}

const sectionIds = (html: string): string[] => [...html.matchAll(/<section class="group fw-section" id="([^"]+)"/g)].map((m) => m[1]!);
const headings = (html: string): string[] => [...html.matchAll(/<h3 class="block-title">([^<]*)<\/h3>/g)].map((m) => m[1]!);

describe('first-week pages of the example map', () => {
  let pages: Map<string, string>;
  beforeAll(() => {
    pages = site(EXAMPLE);
  });

  it('gives every team and every role a page', () => {
    const model = buildModel(loadMap(EXAMPLE));
    for (const t of model.map.teams) {
      expect(pages.has(`teams/${t.id}.html`), t.id).toBe(true);
      for (const r of t.roles ?? []) expect(pages.has(`roles/${r.id}.html`), r.id).toBe(true);
    }
    expect([...pages.keys()].filter((p) => p.startsWith('roles/'))).toHaveLength(
      model.map.teams.reduce((n, t) => n + (t.roles?.length ?? 0), 0),
    );
  });

  it('a team page (Sales Development): handoffs in and out with the criteria, only its meetings, contacts', () => {
    const html = pages.get('teams/sales-development.html')!;
    expect(sectionIds(html)).toEqual([
      'first_own',
      'first_receive',
      'first_owe',
      'first_stages',
      'first_fields',
      'first_meetings',
      'first_decisions',
      'first_pay',
      'first_ask',
      'first_roles',
    ]);
    // the "on this page" list names the same sections
    expect(html).toContain('<li><a href="#first_receive">What you receive</a></li>');
    const receive = sectionOf(html, 'first_receive')!;
    expect(receive).toContain('href="../handoffs.html#marketing-to-sdr"');
    expect(receive).toContain('MQL to sales development: what you check before you accept');
    expect(receive).toContain('The lead has a business email address, not a free webmail one.');
    expect(receive).not.toContain('sdr-to-mid-market-ae');
    const owe = sectionOf(html, 'first_owe')!;
    expect(owe).toContain('href="../handoffs.html#sdr-to-mid-market-ae"');
    expect(owe).toContain('href="../handoffs.html#sdr-to-enterprise-ae"');
    expect(owe).not.toContain('marketing-to-sdr');
    const meetings = headings(sectionOf(html, 'first_meetings')!);
    expect(meetings).toEqual(['Daily inbound queue check', 'Weekly marketing and sales sync']);
    const ask = sectionOf(html, 'first_ask')!;
    expect(ask).toContain(
      'Tomás Reyes, Director of Sales Development (<a href="mailto:tomas.reyes@example.com">tomas.reyes@example.com</a> or @tomas)',
    );
    expect(ask).toContain('<li>Chat: #sdr-floor</li>');
    // the roles link to their own pages
    expect(html).toContain('href="../roles/sdr.html"');
  });

  it('a role page (Mid-Market Account Executive): its team’s handoffs, the parent’s shared ones, its meetings, pay and contacts', () => {
    const html = pages.get('roles/mm-account-executive.html')!;
    expect(sectionIds(html)).toEqual([
      'first_own',
      'first_receive',
      'first_owe',
      'first_stages',
      'first_meetings',
      'first_pay',
      'first_ask',
    ]);
    const receive = sectionOf(html, 'first_receive')!;
    expect(receive).toContain('href="../handoffs.html#sdr-to-mid-market-ae"');
    expect(receive).toContain('href="../handoffs.html#partner-referral-to-sales"');
    // Mid-Market Sales does the work of Sales (same function), so Sales' handoffs are theirs too
    const owe = sectionOf(html, 'first_owe')!;
    expect(owe).toContain('Technical validation request</a> (as part of Sales)');
    expect(headings(sectionOf(html, 'first_meetings')!)).toEqual(['Weekly forecast call', 'Weekly deal inspection']);
    // from where the AE receives the deal to the last stage it hands on from; not closed-lost
    const stages = headings(sectionOf(html, 'first_stages')!);
    expect(stages[0]).toBe('New business: Qualification');
    expect(stages.at(-1)).toBe('New business: Closed won');
    expect(sectionOf(html, 'first_pay')).toContain('href="../incentives.html#mid-market-ae-plan"');
    const ask = sectionOf(html, 'first_ask')!;
    expect(headings(ask)).toEqual(['For Mid-Market Account Executive', 'Your team, Mid-Market Sales']);
    expect(ask).toContain('Owen Fitzgerald');
  });

  it('a role that chairs a meeting and calls the forecast says so; the meetings are only its own', () => {
    const html = pages.get('roles/cro.html')!;
    const meetings = sectionOf(html, 'first_meetings')!;
    expect(meetings).toContain('You chair it');
    expect(meetings).toContain('You call the ');
    // the CRO's team runs and attends no sales-development meeting
    expect(meetings).not.toContain('Daily inbound queue check');
    const sdr = sectionOf(pages.get('roles/sdr.html')!, 'first_meetings')!;
    expect(sdr).not.toContain('Weekly forecast call');
  });

  it('leaves out sections with nothing in them, and never prints an empty table', () => {
    // the CEO's team owns nothing, hands nothing on and moves no deal: two sections are left
    expect(sectionIds(pages.get('roles/ceo.html')!)).toEqual(['first_meetings', 'first_ask']);
    expect(pages.get('roles/ceo.html')).not.toContain('id="first_fields"');
    for (const [path, body] of pages) if (/^(teams|roles)\//.test(path)) expect(body, path).not.toMatch(/<tbody>\s*<\/tbody>/);
  });
});

describe('contacts', () => {
  const team = (contacts: string) =>
    makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': `teams:\n  - id: sales\n    name: Sales\n    contacts:\n${contacts}\n    roles:\n      - id: ae\n        name: AE\n`,
    });
  const errors = (dir: string) =>
    checkMap(dir)
      .diagnostics.filter((d) => d.severity === 'error' && isCoreCheck(d.ruleId))
      .map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`);

  it('accepts the first form, a list of channels and addresses', () => {
    expect(errors(team('      - "#sales"\n      - sales@example.com'))).toEqual([]);
  });

  it('accepts the mapping: channel, email and named people', () => {
    expect(
      errors(
        team(
          '      channel: "#sales"\n      email: sales@example.com\n      people:\n        - name: Ada Park\n          title: VP Sales\n          email: ada@example.com\n          handle: "@ada"',
        ),
      ),
    ).toEqual([]);
  });

  it('a bad email is one located error that says what an address looks like', () => {
    expect(errors(team('      channel: "#sales"\n      people:\n        - name: Ada Park\n          email: ada at example.com'))).toEqual([
      'schema/pattern 8:18 Team `sales`: `email` is `ada at example.com`, which is not an email address. Write one address, e.g. `revops@example.com`.',
    ]);
  });

  it('a misspelt key of a person and a person without a name are located errors', () => {
    const found = errors(team('      people:\n        - name: Ada Park\n          phone: "555"\n        - title: VP Sales'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^schema\/unknown-key 7:11 Team `sales`: unknown key `phone`/);
    expect(found[1]).toMatch(/^schema\/required 8:11 Team `sales`: missing required key `name`/);
  });

  it('roles take contacts too', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml':
        'teams:\n  - id: sales\n    name: Sales\n    roles:\n      - id: ae\n        name: AE\n        contacts: {channel: "#ae", email: nope}\n',
    });
    expect(errors(dir)).toEqual([
      'schema/pattern 7:43 Role `ae`: `email` is `nope`, which is not an email address. Write one address, e.g. `revops@example.com`.',
    ]);
  });

  it('gtmap diff reports a change of either form, on teams and on roles, as an ownership change', () => {
    const teams = (teamContacts: string, roleContacts: string) =>
      buildModel(
        loadMap(
          makeMap({
            'gtmap.yaml': HEADER,
            'teams.yaml': `teams:\n  - id: sales\n    name: Sales\n    contacts: ${teamContacts}\n    roles:\n      - id: ae\n        name: AE\n        contacts: ${roleContacts}\n`,
          }),
        ),
      );
    const changes = diffModels(
      teams('["#sales"]', '{channel: "#ae", people: [{name: Ada Park}]}'),
      teams('{channel: "#sales", email: sales@example.com}', '{channel: "#ae", people: [{name: Ada Park, handle: "@ada"}]}'),
      new Date('2026-01-01T00:00:00Z'),
      { positions: false },
    );
    expect(changes.map((c) => `${c.id} ${c.class} ${c.entity.kind}:${c.entity.id}`).sort()).toEqual([
      'role-contacts-changed ownership role:ae',
      'team-contacts-changed ownership team:sales',
    ]);
  });

  it('renders addresses as mailto links and everything else as text', () => {
    expect(contactLines(['#sales', 'sales@example.com', 'https://chat.example.com/sales', 'javascript:alert(1)'])).toEqual([
      [{ text: '#sales', href: null }],
      [{ text: 'sales@example.com', href: 'mailto:sales@example.com' }],
      [{ text: 'https://chat.example.com/sales', href: 'https://chat.example.com/sales' }],
      [{ text: 'javascript:alert(1)', href: null }],
    ]);
  });

  it('hostile contact text stays text on the page', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': [
        'teams:',
        '  - id: sales',
        '    name: Sales',
        '    contacts:',
        '      channel: "<img src=x onerror=alert(1)>"',
        '      people:',
        '        - name: "<script>alert(1)</script>"',
        '          email: "a\\"onmouseover=alert(1)@example.com"',
        '          handle: "javascript:alert(1)"',
        '    roles:',
        '      - id: ae',
        '        name: "AE <b>"',
        '        contacts: ["<i>x</i>"]',
      ].join('\n'),
    });
    const pages = site(dir);
    const team = sectionOf(pages.get('teams/sales.html')!, 'first_ask')!;
    expect(team).toContain('Chat: &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(team).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(team).toContain('href="mailto:a&quot;onmouseover&#x3D;alert(1)@example.com"');
    expect(team).not.toMatch(/<script|<img|href="javascript/);
    const role = sectionOf(pages.get('roles/ae.html')!, 'first_ask')!;
    expect(role).toContain('For AE &lt;b&gt;');
    expect(role).toContain('&lt;i&gt;x&lt;/i&gt;');
  });
});

describe('glossary terms in descriptions', () => {
  const entry = (id: string, ...forms: string[]): GlossaryEntry => ({
    id,
    forms,
    href: `glossary.html#${id}`,
    title: `${forms[0]} means…`,
  });
  const m = glossaryMatcher([
    entry('mql', 'MQL', 'marketing-qualified lead'),
    entry('sql', 'SQL', 'sales qualified lead'),
    entry('arr', 'ARR', 'annual recurring revenue'),
    entry('commit', 'Commit'),
    entry('deal', 'Deal'),
    entry('deal-desk', 'Deal desk'),
  ]);
  const hits = (text: string) => findTerms(m, text, new Set()).map((h) => `${h.entry.id}:${text.slice(h.start, h.end)}`);

  it('finds the first occurrence of each term only, by name or alias', () => {
    expect(hits('An MQL becomes an SQL; every MQL and every marketing qualified lead counts once.')).toEqual(['mql:MQL', 'sql:SQL']);
    expect(hits('A marketing-qualified lead, then an MQL.')).toEqual(['mql:marketing-qualified lead']);
  });

  it('matches acronyms only as written, other terms in any case, and a plural s', () => {
    expect(hits('we query it with sql, and arr is lowercase')).toEqual([]);
    expect(hits('MQLs and SQLs')).toEqual(['mql:MQLs', 'sql:SQLs']);
    expect(hits('We commit to it. COMMIT.')).toEqual(['commit:commit']);
  });

  it('is word-bounded and prefers the longest form', () => {
    expect(hits('ARRow, SQLite and deals at the deal desk')).toEqual(['deal:deals', 'deal-desk:deal desk']);
    expect(hits('the deal desk, then a deal')).toEqual(['deal-desk:deal desk', 'deal:deal']);
    // words of a multi-word term are joined by spaces or hyphens, not punctuation
    expect(hits('sales. Qualified lead')).toEqual([]);
  });

  it('links in rendered markdown once per page, never inside a link or code, relative to the page', () => {
    const html = withGlossary(m, () => [
      markdown('See [the MQL rules](handoffs.html), then `MQL` in code, then MQL.', '../')!.html,
      markdown('Another MQL and an SQL.\n\n    SQL in a code block', '../')!.html,
    ]);
    expect(html[0]).toBe(
      '<p>See <a href="../handoffs.html">the MQL rules</a>, then <code>MQL</code> in code, then <a href="../glossary.html#mql" class="term" title="MQL means…">MQL</a>.</p>\n',
    );
    expect(html[1]).toBe(
      '<p>Another MQL and an <a href="../glossary.html#sql" class="term" title="SQL means…">SQL</a>.</p>\n<pre><code>SQL in a code block\n</code></pre>\n',
    );
    // a new page starts again; outside a page nothing is linked
    expect(withGlossary(m, () => markdown('MQL')!.html)).toContain('class="term"');
    expect(markdown('MQL')!.html).toBe('<p>MQL</p>\n');
  });

  it('hostile term text stays text', () => {
    // the term's forms only match words; the definition (the title) and the text around are escaped
    const bad = glossaryMatcher([
      { id: 'x', forms: ['XSS', '<img src=x>'], href: 'glossary.html#x', title: '"><script>alert(1)</script>' },
    ]);
    const html = withGlossary(bad, () => markdown('A <b>XSS</b> and <img src=x>')!.html);
    expect(html).toBe(
      '<p>A &lt;b&gt;<a href="glossary.html#x" class="term" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">XSS</a>&lt;/b&gt; and &lt;img src=x&gt;</p>\n',
    );
  });

  it('the example site links a term on a team page to the glossary', () => {
    const pages = site(EXAMPLE);
    expect(pages.get('teams/marketing.html')).toContain(
      '<a href="../glossary.html#mql" class="term" title="A lead whose score has crossed the threshold Marketing and Sales Development agreed on, so a person now works it.">MQL</a>',
    );
    // the glossary page itself is where the links lead: no term links there
    expect(pages.get('glossary.html')).not.toContain('class="term"');
  });
});
