// Source of the JSON Schemas in schema/: written as code so the shared shapes
// (entity base, references, criteria) are declared once. `node scripts/schemas.mjs`
// writes schema/*.schema.json (after `npm run build`, since the lint section lists the rules);
// `--check` exits 1 when the committed files are stale.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The lint section of the header schema lists every rule with its options, so editors complete
// rule ids and a misspelt id is a schema error with a suggestion. The rules live in TypeScript:
// read them from the build.
const rulesModule = join(root, 'dist', 'lint', 'rules', 'index.js');
if (!existsSync(rulesModule)) {
  console.error('scripts/schemas.mjs reads the lint rules from dist/: run `npm run build` first.');
  process.exit(1);
}
const { rules: lintRules } = await import(pathToFileURL(rulesModule).href);
const { PRESETS, PRESET_DESCRIPTIONS, DEFAULT_PRESET } = await import(pathToFileURL(join(root, 'dist', 'lint', 'presets.js')).href);
const LEVELS = ['error', 'warn', 'info', 'off'];

/** A rule's setting: a severity, or `{ severity, options }` with the rule's own options schema. */
function ruleSetting(rule) {
  const description = `${rule.description} Default: ${rule.severity}.`;
  if (!rule.optionsSchema) return { description, $ref: '#/$defs/ruleSetting' };
  return {
    description,
    // if/then rather than oneOf, so a bad value gets one error from the branch it meant
    if: { type: 'string' },
    then: { $ref: '#/$defs/level' },
    else: {
      type: 'object',
      properties: {
        severity: { $ref: '#/$defs/level' },
        options: { ...rule.optionsSchema, description: `Options of ${rule.id}; \`gtmap explain ${rule.id}\` describes them.` },
      },
      additionalProperties: false,
    },
  };
}

const outDir = join(root, 'schema');

const ID_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const DURATION_PATTERN = '^[1-9][0-9]*(m|h|d|bd|w)$';
// deliberately loose: one @, no spaces, a dot in the domain; delivery is the mail server's business
const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

const str = (description, extra = {}) => ({ type: 'string', minLength: 1, description, ...extra });
const ref = (kind, description) => ({
  type: 'string',
  pattern: ID_PATTERN,
  description: `${description} (the id of a ${kind}).`,
  'x-gtmap-ref': kind,
});
const refList = (kind, description) => ({
  type: 'array',
  items: ref(kind, description),
  uniqueItems: true,
  description: `${description} (ids of ${kind}s).`,
});
const duration = (description) => ({
  type: 'string',
  pattern: DURATION_PATTERN,
  description: `${description} A duration: a whole number and a unit, m (minutes), h (hours), d (days), bd (business days) or w (weeks), e.g. 15m, 4h, 2bd, 3w.`,
});
const enumOf = (values, description) => ({ type: 'string', enum: values, description });
const condition = (description) => ({ $ref: 'condition.schema.json', description });
const criterion = (description) => ({ $ref: 'common.schema.json#/$defs/criterion', description });
const crm = (description) => ({ $ref: 'common.schema.json#/$defs/crm', description });
const criteria = (description) => ({ type: 'array', items: { $ref: 'common.schema.json#/$defs/criterion' }, description });

const entityBase = {
  id: { $ref: 'common.schema.json#/$defs/id' },
  name: str('Human-readable name, shown on the site.'),
  description: { $ref: 'common.schema.json#/$defs/markdown' },
};

/** An entity schema: a closed object with id, name, description and its own keys. */
function entity(title, description, properties, required = []) {
  return {
    title,
    description,
    type: 'object',
    properties: { ...entityBase, ...properties },
    required: ['id', 'name', ...required],
    additionalProperties: false,
  };
}

function section(file, title, description, itemSchema) {
  return {
    file,
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title,
      description,
      type: 'array',
      items: itemSchema,
    },
  };
}

const common = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'gtmap shared definitions',
  description: 'Shapes shared by several sections of a gtmap operating map.',
  $defs: {
    id: {
      type: 'string',
      pattern: ID_PATTERN,
      description:
        'Stable kebab-case identifier (lowercase letters, digits and single hyphens), unique within its kind. Other entities refer to it; the site uses it as the anchor.',
    },
    markdown: { type: 'string', description: 'Markdown text. Rendered on the site with raw HTML disabled.' },
    businessHours: {
      type: 'object',
      description:
        'Business hours: when the clock of an SLA in hours (`4h`) or business days (`1bd`) runs. Keys left out take the map-wide value, then the default (UTC, Monday to Friday, 09:00 to 17:00, no holidays).',
      properties: {
        timeZone: str('An IANA time zone, e.g. `Europe/Berlin` or `America/New_York`; daylight saving follows it.'),
        days: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
          description: 'The working days, e.g. `[mon, tue, wed, thu, fri]`.',
        },
        start: str('When the working day starts, local time, HH:MM (24-hour), e.g. "09:00" (quoted).'),
        end: str('When the working day ends, local time, HH:MM (24-hour), e.g. "17:30" (quoted); later than `start`.'),
        holidays: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string' },
          description: 'Dates (YYYY-MM-DD, local) on which nobody works and no SLA clock runs.',
        },
      },
      additionalProperties: false,
    },
    crm: {
      type: 'object',
      description:
        'Names this entity has in CRM exports, so `gtmap audit` matches them without a mapping file: API names and report or export labels. Matching ignores case and spacing.',
      properties: Object.fromEntries(
        ['salesforce', 'hubspot'].map((system) => [
          system,
          {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', minLength: 1 },
            description: `Names in ${system === 'salesforce' ? 'Salesforce (API name, report label)' : 'HubSpot (internal name, export label, stage id)'}.`,
          },
        ]),
      ),
      additionalProperties: false,
      minProperties: 1,
    },
    // a list of strings (the first form, still valid) or a mapping; if/then/else rather than
    // oneOf, so a bad email in the mapping gets one located error from the branch it meant
    contacts: {
      description:
        'Where to reach a team or role: a list of channels and addresses (`["#revops", "revops@example.com"]`), or a mapping with a chat `channel`, an `email` and named `people`.',
      if: { type: 'array' },
      then: {
        type: 'array',
        items: str('A way to reach them: a channel, a mailing list or an address.'),
      },
      else: {
        title: 'Contact card',
        type: 'object',
        properties: {
          channel: str('The chat channel to ask in, e.g. `#revops` or a channel URL.'),
          email: str('A shared mailbox, e.g. `revops@example.com`.', { pattern: EMAIL_PATTERN }),
          people: {
            type: 'array',
            minItems: 1,
            description: 'Named people to ask, first the one to ask first.',
            items: {
              title: 'Contact person',
              type: 'object',
              properties: {
                name: str('Their name.'),
                title: str('Their job title, e.g. `Sales Development Manager`.'),
                email: str('Their email address.', { pattern: EMAIL_PATTERN }),
                handle: str('Their chat handle, e.g. `@dana`.'),
              },
              required: ['name'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
        minProperties: 1,
      },
    },
    criterion: {
      type: 'object',
      description:
        'A condition stated for people (`text`) and, when it can be checked against data, as a structured `check` in the condition language.',
      properties: {
        id: { $ref: '#/$defs/id' },
        text: str('The condition in one sentence, as a person would check it.'),
        check: condition('The same condition in the condition language, so gtmap can evaluate it against records.'),
      },
      required: ['text'],
      additionalProperties: false,
    },
  },
};

// The operators come from their one table in src/conditions/operators.ts, so the schema's help text
// says what evaluation does (an empty field is unknown, not a match for notEquals).
const { OPERATOR_TABLE } = await import(pathToFileURL(join(root, 'dist', 'conditions', 'operators.js')).href);
const OPERAND = {
  value: () => ({ type: ['string', 'number', 'boolean'] }),
  values: () => ({ type: 'array', minItems: 1, items: { type: ['string', 'number'] } }),
  bound: () => ({
    anyOf: [
      { type: ['number', 'string'] },
      {
        type: 'object',
        properties: {
          field: { type: 'string', pattern: ID_PATTERN, description: 'Another field of the same kind (two numbers or two dates).' },
        },
        required: ['field'],
        additionalProperties: false,
      },
    ],
  }),
  pattern: () => ({ type: 'string', minLength: 1 }),
  flag: () => ({ type: 'boolean' }),
};
function operatorProperties() {
  return Object.fromEntries(
    [...OPERATOR_TABLE.values()].map((row) => [
      row.name,
      row.operand === 'duration' ? duration(row.summary) : { ...OPERAND[row.operand](), description: row.summary },
    ]),
  );
}

const conditionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'gtmap condition',
  description:
    'A structured condition. Either a test of one field (`field` plus exactly one operator) or a combination: `all` (every condition holds), `any` (at least one holds) or `not`.',
  type: 'object',
  properties: {
    field: ref('field', 'The field the test reads; declared in the data standards (`fields`)'),
    ...operatorProperties(),
    all: { type: 'array', minItems: 1, items: { $ref: '#' }, description: 'Every condition in the list holds.' },
    any: { type: 'array', minItems: 1, items: { $ref: '#' }, description: 'At least one condition in the list holds.' },
    not: { $ref: '#', description: 'The condition does not hold.' },
  },
  additionalProperties: false,
  minProperties: 1,
};

const teamKinds = [
  'marketing',
  'sales-development',
  'sales',
  'customer-success',
  'account-management',
  'solutions',
  'revops',
  'finance',
  'product',
  'data',
  'systems',
  'partnerships',
  'leadership',
  'other',
];

// section names from their one registry (src/model/sections.ts), for decision-domain selectors
const { SECTIONS: SECTION_NAMES } = await import(pathToFileURL(join(root, 'dist', 'model', 'sections.js')).href);

const sections = [
  section(
    'teams',
    'Teams',
    'The teams of the revenue organisation and the roles in them. Every owner elsewhere in the map is a team id; incentive plans are paid to roles.',
    entity('Team', 'A team that owns work in the revenue chain.', {
      function: enumOf(teamKinds, 'What kind of work the team does.'),
      parent: ref('team', 'The team this team reports into'),
      lead: str('Title of the person who leads the team (a title, not a name).'),
      headcount: { type: 'integer', minimum: 0, description: 'Number of people on the team.' },
      businessHours: {
        $ref: 'common.schema.json#/$defs/businessHours',
        description:
          "This team's business hours, key by key over the map's (`businessHours` in gtmap.yaml): SLAs of work assigned to the team are counted in them.",
      },
      github: str(
        'The GitHub team that approves changes for this team, as `@org/team` (or a user, `@name`). `gtmap diff` lists it in the approval checklist and `gtmap codeowners` writes it.',
        {
          pattern: '^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$',
        },
      ),
      contacts: {
        $ref: 'common.schema.json#/$defs/contacts',
        description: 'Whom to ask in this team, shown on its first-week page, and where to reach it about a change.',
      },
      roles: {
        type: 'array',
        description: 'Roles on this team. Role ids are unique across the whole map.',
        items: entity('Role', 'A role on a team.', {
          headcount: { type: 'integer', minimum: 0, description: 'Number of people in this role.' },
          contacts: {
            $ref: 'common.schema.json#/$defs/contacts',
            description: "Whom a new person in this role asks first (a lead, a buddy), shown on the role's first-week page.",
          },
        }),
      },
    }),
  ),
  section(
    'segments',
    'Segments',
    'Who the company is trying to win: the rule that puts an account in each segment and the team that covers it.',
    entity(
      'Segment',
      'A market segment.',
      {
        rule: condition('The membership rule: an account is in this segment when it holds.'),
        coveredBy: refList('team', 'The teams that cover accounts in this segment'),
        motion: enumOf(['sales-led', 'product-led', 'partner-led', 'hybrid'], 'How this segment is sold to.'),
        priority: { type: 'integer', minimum: 1, description: 'Strategic priority, 1 is highest.' },
      },
      ['rule', 'coveredBy'],
    ),
  ),
  section(
    'demandSources',
    'Demand sources',
    'How qualified demand enters: inbound forms, product sign-ups, outbound, partners, events.',
    entity(
      'Demand source',
      'A way qualified demand enters the funnel.',
      {
        kind: enumOf(
          ['inbound', 'product', 'outbound', 'partner', 'event'],
          'The channel. Inbound, product and event sources are inbound: someone is waiting for a response.',
        ),
        owner: ref('team', 'The team accountable for this source'),
        responseSla: {
          type: 'object',
          description: 'How fast a lead from this source gets a first response, and how that is measured.',
          properties: {
            within: duration('Maximum time from arrival to first response.'),
            measuredBy: {
              type: 'object',
              description: 'What measures the SLA: a metric, or the two timestamp fields it is computed from.',
              properties: {
                metric: ref('metric', 'The metric that tracks this SLA'),
                from: ref('field', 'The timestamp field when the clock starts'),
                to: ref('field', 'The timestamp field when the clock stops'),
              },
              additionalProperties: false,
            },
          },
          required: ['within'],
          additionalProperties: false,
        },
        qualifiedWhen: condition('When a lead from this source counts as qualified demand.'),
      },
      ['kind'],
    ),
  ),
  section(
    'routing',
    'Routing rules',
    'Ordered rules that assign leads, accounts and opportunities. The first rule whose conditions hold wins; one rule with `fallback: true` catches what nothing else matches and comes last.',
    entity(
      'Routing rule',
      'One routing rule.',
      {
        object: enumOf(['lead', 'account', 'opportunity'], 'What the rule routes.'),
        segment: ref('segment', 'The rule only applies to records in this segment'),
        when: condition('Further conditions; the rule fires when the record is in `segment` (if given) and this holds.'),
        fallback: { type: 'boolean', description: 'This is the fallback rule: it matches everything and must come last.' },
        assign: {
          type: 'object',
          description: 'Where a matching record goes.',
          properties: {
            team: ref('team', 'The team that receives the record'),
            queue: str('A named queue within the team.'),
            method: enumOf(
              ['territory', 'named-account', 'round-robin', 'queue', 'account-owner'],
              'How an individual owner is picked inside the team.',
            ),
          },
          required: ['team'],
          additionalProperties: false,
        },
        firstResponseSla: duration('Time within which the assignee makes first contact.'),
      },
      ['assign'],
    ),
  ),
  section(
    'pipelines',
    'Pipelines',
    'Each pipeline and its ordered stages, with checkable exit criteria, evidence, forecast category and stale window.',
    entity(
      'Pipeline',
      'A sales pipeline.',
      {
        object: enumOf(['opportunity', 'lead', 'account'], 'The record type that moves through this pipeline.'),
        owner: ref('team', 'The team that owns the stage definitions of this pipeline'),
        maxCloseDatePushes: {
          type: 'integer',
          minimum: 0,
          description:
            'How many times an open deal may have its close date pushed later before `gtmap audit` flags it (counted from a field-history export or earlier snapshots).',
        },
        stages: {
          type: 'array',
          minItems: 1,
          description: 'The stages in order. Stage ids are unique across all pipelines.',
          items: entity('Stage', 'A pipeline stage.', {
            outcome: enumOf(['open', 'won', 'lost'], 'Whether a deal here is still open (default), won or lost.'),
            next: refList(
              'stage',
              'Stages a deal may move to from here. Default: the next open stage in order, and every won or lost stage',
            ),
            forecastCategory: ref('forecast category', 'The forecast category a deal in this stage counts in'),
            crm: crm('The stage value in CRM exports (Salesforce stage label, HubSpot stage id or label), matched per pipeline.'),
            probability: { type: 'number', minimum: 0, maximum: 100, description: 'Default win probability in percent.' },
            exitCriteria: criteria('What must be true, checkably, before a deal leaves this stage.'),
            evidence: {
              type: 'array',
              items: str('An artefact that proves the stage, e.g. a recorded call or a signed document.'),
              description: 'Evidence a reviewer can look at.',
            },
            staleAfter: duration('A deal that has sat in this stage longer than this is stale.'),
            whenStale: {
              type: 'object',
              description: 'What happens to a stale deal.',
              properties: {
                action: enumOf(['flag', 'move-to-stage', 'remove-from-forecast', 'close-lost'], 'The state change a stale deal undergoes.'),
                moveTo: ref('stage', 'With `move-to-stage`: the stage it moves to'),
                question: str('The question the owner must answer to keep the deal in this stage.'),
              },
              required: ['action'],
              additionalProperties: false,
            },
          }),
        },
      },
      ['stages'],
    ),
  ),
  section(
    'handoffs',
    'Handoffs',
    'Where work moves between teams: the trigger, the accountable owner, what acceptance requires, the SLA and the return path.',
    entity(
      'Handoff',
      'A handoff of work from one team to another.',
      {
        from: ref('team', 'The team handing the work over'),
        to: ref('team', 'The team receiving it'),
        owner: ref('team', 'The single team accountable for the handoff happening well'),
        trigger: criterion('What starts the handoff.'),
        stage: ref('stage', 'The pipeline stage at which the handoff happens'),
        acceptance: criteria('What the receiving team requires to accept the work.'),
        sla: duration('Time within which the receiver accepts or rejects.'),
        onReject: {
          type: 'object',
          description: 'The return path: what happens when the receiver rejects.',
          properties: {
            returnTo: ref('team', 'The team the rejected work goes back to'),
            owes: str('What the rejecting team owes back: the reason, in what form.'),
            within: duration('Time within which the rejection and its reason are returned.'),
          },
          required: ['returnTo', 'owes'],
          additionalProperties: false,
        },
      },
      ['from', 'to'],
    ),
  ),
  section(
    'forecastCategories',
    'Forecast categories',
    'The forecast taxonomy: each category and the evidence a deal needs to be counted in it.',
    entity(
      'Forecast category',
      'A forecast category.',
      {
        kind: enumOf(['pipeline', 'best-case', 'commit', 'closed', 'omitted'], 'The standard meaning of this category.'),
        evidence: criteria('What a deal must show to be counted in this category.'),
        inForecast: { type: 'boolean', description: 'Whether deals in this category count toward the forecast number.' },
        crm: crm('The category value in CRM exports (e.g. Salesforce `Best Case`).'),
      },
      ['kind'],
    ),
  ),
  section(
    'forecast',
    'Forecast process',
    'Who calls the number, how it is inspected and when.',
    entity(
      'Forecast process',
      'A forecast call.',
      {
        caller: ref('role', 'The role that calls the number'),
        owner: ref('team', 'The team that owns the process design'),
        inspectedIn: ref('cadence', 'The meeting where the forecast is inspected'),
        horizon: enumOf(['month', 'quarter', 'year'], 'The period forecast.'),
        submittedBy: refList('role', 'Roles who submit their call'),
        dueBy: str('When calls are due, e.g. "Monday 12:00 local".'),
        commitCategory: ref('forecast category', 'The category that counts as commit'),
      },
      ['caller'],
    ),
  ),
  section(
    'lifecycle',
    'Customer lifecycle',
    'After the sale: onboarding, adoption, renewal, expansion and churn risk, each with an owner, entry signal and exit condition.',
    entity(
      'Lifecycle stage',
      'A stage of the customer lifecycle.',
      {
        kind: enumOf(['onboarding', 'adoption', 'renewal', 'expansion', 'churn-risk', 'other'], 'The standard meaning of this stage.'),
        owner: ref('team', 'The team accountable for customers in this stage'),
        entry: criterion('The signal that puts a customer in this stage.'),
        exit: criterion('The condition that moves a customer on.'),
        next: refList('lifecycle stage', 'Stages a customer may move to from here'),
        signals: criteria('Signals watched while a customer is in this stage.'),
      },
      ['kind'],
    ),
  ),
  section(
    'cadences',
    'Decision cadences',
    'The meetings that change operating decisions: owner, attendees, frequency, inputs and the decisions each makes.',
    entity('Cadence', 'A recurring meeting.', {
      owner: ref('team', 'The team that runs the meeting'),
      chair: ref('role', 'The role that chairs it'),
      attendees: refList('team', 'The teams that attend'),
      frequency: enumOf(['daily', 'weekly', 'biweekly', 'monthly', 'quarterly', 'annually'], 'How often it meets.'),
      durationMinutes: { type: 'integer', minimum: 5, description: 'Length in minutes.' },
      inputs: {
        type: 'array',
        description: 'What the meeting reads: metrics, pipelines, fields or a named report.',
        items: {
          type: 'object',
          properties: {
            metric: ref('metric', 'A metric reviewed'),
            pipeline: ref('pipeline', 'A pipeline reviewed'),
            field: ref('field', 'A field reviewed'),
            report: str('A named report or document.'),
          },
          minProperties: 1,
          maxProperties: 1,
          additionalProperties: false,
        },
      },
      decisions: {
        type: 'array',
        items: str('A decision this meeting makes, phrased as a decision.'),
        description: 'The decisions the meeting makes.',
      },
      decides: refList('decision domain', 'Decision domains this meeting decides in'),
      updates: { type: 'array', items: str('An item that is only shared for information.'), description: 'Information-only agenda items.' },
    }),
  ),
  section(
    'decisionRights',
    'Decision rights',
    'Per domain: who owns the rule (exactly one), who influences it, where it escalates.',
    entity('Decision domain', 'A decision domain.', {
      owner: {
        type: ['string', 'array'],
        pattern: ID_PATTERN,
        items: { type: 'string', pattern: ID_PATTERN },
        description:
          'The single team that owns decisions in this domain (the id of a team). A list is accepted only so that the linter can point out that a domain has several owners.',
        'x-gtmap-ref': 'team',
      },
      influences: refList('team', 'Teams consulted before the owner decides'),
      escalatesTo: ref('team', 'Where a disagreement goes'),
      escalateWhen: str('What makes a decision escalate (e.g. it crosses finance risk).'),
      decidedIn: ref('cadence', 'The meeting where decisions in this domain are made'),
      governs: {
        type: 'array',
        minItems: 1,
        description:
          "What the domain decides, as selectors over the map: a change that touches a selected entity needs the approval of this domain's owner (`gtmap diff`, `gtmap codeowners`).",
        items: {
          type: 'object',
          description: 'A selector: every entity of `section`, narrowed to `ids` and to `keys` when given.',
          properties: {
            section: enumOf(
              SECTION_NAMES,
              'The section whose entities the domain governs (stages count with `pipelines`, roles with `teams`).',
            ),
            ids: {
              type: 'array',
              minItems: 1,
              items: { $ref: 'common.schema.json#/$defs/id' },
              uniqueItems: true,
              description: 'Only these entities (ids in the section; a pipeline id covers its stages).',
            },
            keys: {
              type: 'array',
              minItems: 1,
              items: str('A key of the entity, e.g. `exitCriteria` or `owner`.'),
              uniqueItems: true,
              description: 'Only changes to these keys of the entity.',
            },
          },
          required: ['section'],
          additionalProperties: false,
        },
      },
      precedence: {
        type: 'array',
        items: ref('decision domain', 'A domain this one wins over where both govern the same thing'),
        uniqueItems: true,
        description: 'Domains this one takes precedence over where their selectors overlap (ids of decision domains).',
      },
    }),
  ),
  section(
    'fields',
    'Data standards',
    'The fields decisions depend on: type, allowed values, owner and where they become required.',
    entity(
      'Field',
      'A data field.',
      {
        object: enumOf(['lead', 'contact', 'account', 'opportunity', 'customer', 'activity'], 'The record type that carries the field.'),
        type: enumOf(
          ['text', 'number', 'currency', 'percent', 'boolean', 'date', 'datetime', 'enum', 'email', 'url'],
          'The value type. Conditions are type-checked against it.',
        ),
        values: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string' },
          description: 'With `type: enum`: the allowed values.',
        },
        owner: ref('team', 'The team accountable for this field being right'),
        requiredAt: refList('stage', 'Stages from which the field must be filled'),
        required: { type: 'boolean', description: 'The field must always be filled.' },
        meaning: enumOf(
          ['buyer-problem', 'problem-cost', 'amount', 'close-date', 'next-step', 'decision-maker', 'timestamp', 'other'],
          'What the field records, for rules that need a field of a certain meaning (e.g. the buyer problem and its cost).',
        ),
        system: str('The system of record and field name, e.g. "CRM Opportunity.Pain__c".'),
        crm: crm('The column names this field has in CRM exports (API name, report or export label).'),
        dealRole: enumOf(
          [
            'id',
            'name',
            'pipeline',
            'stage',
            'stage-entered-at',
            'amount',
            'currency',
            'close-date',
            'owner',
            'forecast-category',
            'segment',
          ],
          'What this field carries for `gtmap audit`: the deal id, its pipeline, stage, the date it entered that stage, amount, currency, close date, owner, CRM forecast category or segment. At most one field per role; `meaning: amount` and `meaning: close-date` count when no field has the role.',
        ),
      },
      ['type'],
    ),
  ),
  section(
    'incentives',
    'Incentive plans',
    'How compensation reinforces the motion: which role is paid on which measure, tied to which stage or category.',
    entity(
      'Incentive plan',
      'A compensation plan.',
      {
        role: ref('role', 'The role paid on this plan'),
        period: enumOf(['monthly', 'quarterly', 'annual'], 'The measurement period.'),
        measures: {
          type: 'array',
          minItems: 1,
          description: 'What the plan pays on.',
          items: {
            type: 'object',
            properties: {
              name: str('The measure, e.g. "New ARR booked".'),
              weight: { type: 'number', minimum: 0, maximum: 100, description: 'Share of variable pay, in percent.' },
              metric: ref('metric', 'The metric it is measured by'),
              paidOnStage: ref('stage', 'Paid when a deal reaches this stage'),
              paidOnCategory: ref('forecast category', 'Paid on deals in this forecast category'),
              description: { $ref: 'common.schema.json#/$defs/markdown' },
            },
            required: ['name'],
            additionalProperties: false,
          },
        },
      },
      ['role', 'measures'],
    ),
  ),
  section(
    'metrics',
    'Metrics',
    'The leading indicators the operation is measured on, each with an owner, a target and a source.',
    entity('Metric', 'A metric.', {
      owner: ref('team', 'The team accountable for the metric'),
      kind: enumOf(['leading', 'lagging'], 'Leading indicators move before revenue does.'),
      unit: enumOf(['minutes', 'hours', 'days', 'percent', 'count', 'currency', 'ratio'], 'The unit of the value.'),
      target: {
        type: 'object',
        description: 'The target value.',
        properties: {
          atMost: { type: 'number', description: 'The metric should be at most this.' },
          atLeast: { type: 'number', description: 'The metric should be at least this.' },
        },
        minProperties: 1,
        additionalProperties: false,
      },
      source: {
        type: 'object',
        description: 'Where the metric comes from.',
        properties: {
          fields: refList('field', 'The fields it is computed from'),
          system: str('The system or report that computes it.'),
        },
        minProperties: 1,
        additionalProperties: false,
      },
      formula: str('How it is computed, in words.'),
    }),
  ),
  section(
    'initiatives',
    'Initiatives',
    'Foundation work, by layer, each earning its place with current-period consequences.',
    entity(
      'Initiative',
      'A foundation initiative.',
      {
        layer: {
          type: 'integer',
          enum: [1, 2, 3],
          description:
            '1: cleanup that improves visibility now; 2: workflow that changes behaviour this quarter; 3: structural work that takes longer.',
        },
        owner: ref('team', 'The team accountable for delivering it'),
        status: enumOf(['proposed', 'active', 'done', 'paused'], 'Where it stands.'),
        evidenceFrom: refList('initiative', 'Layer 1 or 2 initiatives whose results justify this one'),
        consequences: {
          type: 'object',
          description: 'The current-period consequences: what this period looks like because of this work.',
          properties: {
            thisMonth: str('What gets better this month.'),
            thisQuarter: str('What gets clearer this quarter.'),
            behaviour: str('Which manager or rep behaviour changes.'),
            detection: str('Which forecast or pipeline failure becomes easier to detect.'),
            decision: str('Which decision becomes faster.'),
          },
          additionalProperties: false,
        },
      },
      ['layer'],
    ),
  ),
  section(
    'glossary',
    'Glossary',
    "The company's own words (MQL, SQL, commit, ARR): what each means here, other names it goes by, and the parts of the map it is about. The site links a term where it first appears in a description.",
    entity(
      'Term',
      'A word or abbreviation a new hire will hear.',
      {
        definition: str('What the word means at this company, in a sentence or two (markdown).'),
        aliases: {
          type: 'array',
          items: str('Another way people write or say the term.'),
          uniqueItems: true,
          description: 'Other ways people write or say the term (e.g. "marketing-qualified lead" for MQL). Each is linked like the name.',
        },
        related: {
          type: 'object',
          description: 'The parts of the map the term is about, by kind.',
          properties: {
            stages: refList('stage', 'Pipeline stages the term is about'),
            lifecycle: refList('lifecycle stage', 'Lifecycle stages the term is about'),
            fields: refList('field', 'Fields that record it'),
            forecastCategories: refList('forecast category', 'Forecast categories it names'),
            segments: refList('segment', 'Segments it describes'),
            teams: refList('team', 'Teams it concerns'),
            metrics: refList('metric', 'Metrics that measure it'),
            demandSources: refList('demand source', 'Demand sources it comes from'),
            handoffs: refList('handoff', 'Handoffs it is part of'),
          },
          additionalProperties: false,
        },
      },
      ['definition'],
    ),
  ),
];

const sectionNames = sections.map((s) => s.file);

// Test cases beside the map: not entities of the operating map (no ids, no pages of their own),
// so they are not sections; `gtmap test` and the lint rules routing/tests-pass and
// stage/tests-pass run them.
const recordValue = { type: ['string', 'number', 'boolean', 'null'] };
const givenRecord = (what) => ({
  type: 'object',
  description: `${what} Keys are field ids (declared under \`fields:\`); values are typed by the field: numbers unquoted, dates as ISO text, \`null\` for an empty field.`,
  additionalProperties: recordValue,
});
const matrix = {
  type: 'object',
  description:
    'Runs the case once per combination of these values: each key is a field id and its list the values to try (merged over `given`). `${{ field-id }}` in the name is replaced by the value.',
  additionalProperties: { type: 'array', minItems: 1, items: recordValue },
  minProperties: 1,
};
const testName = str(
  'What the case shows, as a sentence: "A 240-person German company asking for a demo goes to the mid-market SDR queue".',
);
const routingTestsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Routing tests',
  description:
    'Routing test cases: a record and where it must be routed. `gtmap test` runs them; `gtmap lint` runs them as routing/tests-pass.',
  type: 'array',
  items: {
    title: 'Routing test',
    description: 'One routing test case.',
    type: 'object',
    properties: {
      name: testName,
      description: { $ref: 'common.schema.json#/$defs/markdown' },
      object: enumOf(['lead', 'account', 'opportunity'], 'The kind of record routed. Default: lead.'),
      at: str(
        'When the record arrives (ISO 8601 with a zone, e.g. 2026-11-30T16:40:00Z): the SLA clock starts here, and `within`/`olderThan` are evaluated at it.',
      ),
      given: givenRecord('The record.'),
      matrix,
      expect: {
        type: 'object',
        description: 'What routing must give. Only the keys given are compared.',
        properties: {
          outcome: enumOf(
            ['matched', 'fallback', 'undecided'],
            '`matched`: a rule other than the fallback fires; `fallback`: the fallback catches it; `undecided`: no rule fires and no fallback catches it, or a rule was stopped only by a missing field.',
          ),
          rule: { type: 'string', pattern: ID_PATTERN, description: 'The routing rule that fires (its id).' },
          segment: { type: 'string', pattern: ID_PATTERN, description: 'The segment the record falls in (its id).' },
          team: { type: 'string', pattern: ID_PATTERN, description: 'The team it is assigned to (its id).' },
          queue: str('The queue it lands in.'),
          method: enumOf(['territory', 'named-account', 'round-robin', 'queue', 'account-owner'], 'How an owner is picked in the team.'),
          sla: { type: 'string', pattern: DURATION_PATTERN, description: 'The first-response SLA, as the rule states it (e.g. 15m).' },
          due: str('The SLA due time in UTC (ISO 8601, e.g. 2026-12-01T09:55:00Z); needs `at`.'),
        },
        additionalProperties: false,
        minProperties: 1,
      },
    },
    required: ['name', 'given', 'expect'],
    additionalProperties: false,
  },
};
const stageTestsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Stage tests',
  description:
    "Stage test cases: a deal record and the furthest stage its data lets it reach, by the stages' checkable exit criteria. `gtmap test` runs them; `gtmap lint` runs them as stage/tests-pass.",
  type: 'array',
  items: {
    title: 'Stage test',
    description: 'One stage test case.',
    type: 'object',
    properties: {
      name: testName,
      description: { $ref: 'common.schema.json#/$defs/markdown' },
      pipeline: { type: 'string', pattern: ID_PATTERN, description: 'The pipeline (its id). Default: the only pipeline of the map.' },
      at: str('The evaluation time for `within`/`olderThan` (ISO 8601 with a zone).'),
      given: givenRecord('The deal.'),
      matrix,
      expect: {
        type: 'object',
        description: 'What the deal may reach.',
        properties: {
          reaches: {
            type: 'string',
            pattern: ID_PATTERN,
            description:
              "The stage the deal may reach: from the pipeline's first stage it moves on through the open stages while every checkable exit criterion holds, and stops at the first stage it may not leave.",
          },
          blockedBy: {
            type: 'string',
            minLength: 1,
            description: 'The exit criterion that stops it there: its id, or its text.',
          },
        },
        required: ['reaches'],
        additionalProperties: false,
      },
    },
    required: ['name', 'given', 'expect'],
    additionalProperties: false,
  },
};

const mapSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'gtmap map file',
  description:
    'One file of a gtmap operating map. A file holds one or more sections; sections split across files are merged. The header (apiVersion, company, lint) lives in gtmap.yaml.',
  type: 'object',
  properties: {
    ...Object.fromEntries(sections.map((s) => [s.file, { $ref: `${s.file}.schema.json`, description: s.schema.description }])),
    routingTests: { $ref: 'routingTests.schema.json', description: routingTestsSchema.description },
    stageTests: { $ref: 'stageTests.schema.json', description: stageTestsSchema.description },
  },
  additionalProperties: false,
};

const headerSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'gtmap header (gtmap.yaml)',
  description: 'The header of an operating map: format version, company and lint configuration.',
  type: 'object',
  properties: {
    apiVersion: { const: 'gtmap/v1', description: 'The map format version. Always `gtmap/v1`.' },
    company: str('The company this map describes.'),
    version: str('The version of the map itself, e.g. 2026.4 or 1.3.0.'),
    description: { $ref: 'common.schema.json#/$defs/markdown' },
    docsUrl: {
      type: 'string',
      pattern: '^https?://\\S+$',
      description:
        "Where findings link for a rule's documentation, e.g. your own copy of gtmap's docs/rules/ (each rule is <docsUrl>/<group>-<name>.md). Default: the gtmap repository. The site links to the rule pages it ships.",
    },
    businessHours: {
      $ref: 'common.schema.json#/$defs/businessHours',
      description:
        'The business hours of the whole map; a team may override them key by key. SLAs in hours and business days are counted in them.',
    },
    repository: {
      type: 'string',
      pattern: '^https?://\\S+$',
      description:
        'The map folder in your repository\'s file browser, e.g. https://github.com/acme/revenue/blob/main/map/. The site links "Defined in routing.yaml:42" to <repository>/routing.yaml#L42 (GitHub, GitLab and Gitea line anchors).',
    },
    editUrl: {
      type: 'string',
      pattern: '^https?://\\S+$',
      description:
        'The map folder in your repository\'s web editor, e.g. https://github.com/acme/revenue/edit/main/map/ (like MkDocs\' edit_uri). Each page gets an "Edit this page" link to <editUrl>/<file>, and each entity an "edit" link.',
    },
    lint: {
      type: 'object',
      description: 'Lint configuration.',
      properties: {
        extends: {
          enum: PRESETS,
          default: DEFAULT_PRESET,
          description: `The rule preset the map starts from; \`lint.rules\` overrides it rule by rule. ${PRESETS.map((p) => `\`${p}\`: ${PRESET_DESCRIPTIONS[p]}`).join('; ')}.`,
        },
        rules: {
          type: 'object',
          description:
            'Per rule: a severity (error, warn, info, off) or `{ severity, options }`. Keys are rule ids (`gtmap rules` lists them).',
          properties: Object.fromEntries(lintRules.map((r) => [r.id, ruleSetting(r)])),
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  required: ['apiVersion', 'company'],
  additionalProperties: false,
  $defs: {
    level: { enum: LEVELS, description: "The rule's severity; `off` disables it." },
    ruleSetting: {
      if: { type: 'string' },
      then: { $ref: '#/$defs/level' },
      else: {
        type: 'object',
        properties: {
          severity: { $ref: '#/$defs/level' },
          options: { type: 'object', maxProperties: 0, description: 'This rule takes no options.' },
        },
        additionalProperties: false,
      },
    },
  },
};

const files = new Map();
files.set('common.schema.json', common);
files.set('condition.schema.json', conditionSchema);
for (const s of sections) files.set(`${s.file}.schema.json`, s.schema);
files.set('routingTests.schema.json', routingTestsSchema);
files.set('stageTests.schema.json', stageTestsSchema);
files.set('map.schema.json', mapSchema);
files.set('gtmap.schema.json', headerSchema);

/**
 * The TypeScript types of the map, generated from the same schemas, so the two cannot drift.
 * Aliases are avoided: a section's list and a `$ref` with its own description would each
 * become a named type (`Teams`, `GtmapCondition1`); conditions keep their hand-written union.
 */
async function formatTypes() {
  const { compile } = await import('json-schema-to-typescript');
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'description' && typeof node.$ref === 'string') continue;
      if (k === 'x-gtmap-ref') continue;
      out[k] = strip(v);
    }
    // if/then/else validates as one branch or the other: for the types, their union
    if (out.if && out.then && out.else) {
      const { if: _if, then, else: otherwise, ...rest } = out;
      return { ...rest, anyOf: [then, otherwise] };
    }
    return out;
  };
  const sources = new Map([...files].map(([name, schema]) => [name, strip(schema)]));
  sources.set('condition.schema.json', { tsType: 'Condition' });
  for (const s of [...sections, { file: 'routingTests' }, { file: 'stageTests' }]) {
    const { title: _title, description: _description, ...list } = sources.get(`${s.file}.schema.json`);
    sources.set(`${s.file}.schema.json`, list);
  }
  const header = sources.get('gtmap.schema.json');
  header.properties.lint.properties.rules = { tsType: 'Record<string, unknown>' };
  const options = {
    bannerComment: '',
    additionalProperties: false,
    format: true,
    style: { printWidth: 140, singleQuote: true },
    $refOptions: { resolve: { gtmap: { order: 1, canRead: true, read: (f) => JSON.stringify(sources.get(f.url.split('/').pop())) } } },
  };
  const mapTypes = await compile({ ...sources.get('map.schema.json'), title: 'GtMapFile' }, 'GtMapFile', { ...options, cwd: outDir });
  const headerTypes = await compile({ ...header, title: 'Header' }, 'Header', { ...options, cwd: outDir });
  const banner = '// Generated by scripts/schemas.mjs from the schemas in schema/: do not edit. Run `npm run schemas`.';
  const sites = referenceSites().map(
    (x) => `  { path: ${JSON.stringify(x.path).replace(/"/g, "'").replace(/,/g, ', ')}, kind: '${x.kind}' },`,
  );
  const sitesTs = `/** Where the map refers to entities (\`x-gtmap-ref\`) and where conditions sit; \`*\` is any list index. */\nexport const REFERENCE_SITES: readonly { path: readonly string[]; kind: string }[] = [\n${sites.join('\n')}\n];\n`;
  return `${banner}\nimport type { Condition } from './types.js';\n\n${mapTypes.trimStart()}\n${headerTypes.trimStart()}\n${sitesTs}`;
}

/**
 * Where the map refers to entities, as path patterns (`*` for any list index): every
 * `x-gtmap-ref` in the schemas, and every place a condition sits (conditions refer to fields).
 * The model collects its reference graph from these, so a key added to the schema with
 * `x-gtmap-ref` is reference-checked and queryable without new code.
 */
function referenceSites() {
  const sites = [];
  const resolve = (ref, base) => {
    const [file, pointer] = ref.split('#');
    const name = file || base;
    let node = files.get(name);
    for (const seg of (pointer ?? '').split('/').filter(Boolean)) node = node[seg];
    return { node, name };
  };
  const walk = (node, base, path) => {
    if (node.$ref) {
      const { node: target, name } = resolve(node.$ref, base);
      if (name === 'condition.schema.json') sites.push({ path, kind: 'condition' });
      else walk(target, name, path);
      return;
    }
    if (node['x-gtmap-ref']) {
      sites.push({ path, kind: node['x-gtmap-ref'] });
      return;
    }
    if (node.items) walk(node.items, base, [...path, '*']);
    for (const [key, sub] of Object.entries(node.properties ?? {})) walk(sub, base, [...path, key]);
  };
  for (const s of sections) walk(s.schema, `${s.file}.schema.json`, [s.file]);
  return sites;
}

const check = process.argv.includes('--check');
mkdirSync(outDir, { recursive: true });
// a stable $id per schema: where the file lives in the repository (package.json `repository`),
// so relative $refs resolve the same from the URL as from node_modules/gtmap/schema/
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repo = /github\.com[/:]([^/]+\/[^/.]+)/.exec(pkg.repository?.url ?? '')?.[1];
if (!repo) throw new Error("package.json: `repository.url` must name the GitHub repository (the schemas' $id is derived from it)");
const withId = (name, schema) => {
  const { $schema, ...rest } = schema;
  return { $schema, $id: `https://raw.githubusercontent.com/${repo}/main/schema/${name}`, ...rest };
};
const outputs = new Map([...files].map(([name, schema]) => [join(outDir, name), JSON.stringify(withId(name, schema), null, 2) + '\n']));
outputs.set(join(root, 'src', 'model', 'format.generated.ts'), await formatTypes());
let stale = [];
for (const [path, text] of outputs) {
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path.slice(root.length + 1));
  } else {
    writeFileSync(path, text);
  }
}
if (check && stale.length) {
  console.error(`${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: run npm run schemas`);
  process.exit(1);
}
export { sectionNames };
