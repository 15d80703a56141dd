// Type-level checks of lint rules, compiled with tsc by test/rule-types.test.ts (vitest only
// strips types). Each @ts-expect-error must meet an error, or tsc fails with "Unused
// '@ts-expect-error' directive": the test fails when a mistake below starts to compile.
import type { Model } from '../../src/model/index.js';
import { defineRule, type Finding } from '../../src/lint/rule.js';
import cadenceHasOwner from '../../src/lint/rules/cadence-has-owner.js';
import textNoVagueLanguage from '../../src/lint/rules/text-no-vague-language.js';
import { entities } from '../../src/lint/rules/_shared.js';

export const inferred = defineRule({
  id: 'test/inferred',
  severity: 'warn',
  description: 'Message ids are inferred from `messages`.',
  rationale: 'Test rule.',
  messages: { missing: 'Team `{{team}}` names no lead.', short: 'Lead `{{lead}}` is short.' },
  check(model, ctx) {
    for (const { entity: team, path } of entities(model, 'teams')) {
      ctx.report({ path, messageId: 'missing', data: { team: team.id } });
      ctx.report({ path, messageId: 'short', related: [{ path: ['teams', 0], message: 'the first team' }] });
      // @ts-expect-error a misspelt messageId is not a key of `messages`
      ctx.report({ path, messageId: 'mising', data: { team: team.id } });
      // @ts-expect-error messageId is required: there is no free-text message
      ctx.report({ path, message: 'Team has no lead.' });
      // @ts-expect-error a related location says what it is
      ctx.report({ path, messageId: 'missing', related: [{ path: ['teams', 0] }] });
      // @ts-expect-error entities are typed by section: a team has no `owner`
      void team.owner;
    }
  },
});

export const withOptions = defineRule<{ min: number }, 'short'>({
  id: 'test/with-options',
  severity: 'warn',
  description: 'A rule that names its options type names its message ids.',
  rationale: 'Test rule.',
  messages: { short: 'Too short.' },
  check(_model, ctx) {
    ctx.report({ path: ['teams', ctx.options.min], messageId: 'short' });
    // @ts-expect-error not one of the message ids it names
    ctx.report({ path: ['teams', 0], messageId: 'long' });
  },
});

export const optionsOnly = defineRule<{ min: number }>({
  id: 'test/options-only',
  severity: 'warn',
  description: 'Names its options type but not its message ids.',
  rationale: 'Test rule.',
  messages: { short: 'Too short.' },
  check(_model, ctx) {
    // @ts-expect-error M defaults to never, not string: no message id is accepted until the rule names them
    ctx.report({ path: ['teams', 0], messageId: 'short' });
  },
});

// the rules of the catalogue carry their message ids in their types
export function reports(model: Model): void {
  cadenceHasOwner.check(model, {
    options: {},
    report(f: Finding<'missing'>) {
      void f;
    },
  });
  cadenceHasOwner.check(model, {
    options: {},
    // @ts-expect-error cadence/has-owner reports only `missing`
    report(f: Finding<'unowned'>) {
      void f;
    },
  });
  textNoVagueLanguage.check(model, {
    options: { words: [], allow: [] },
    report(f) {
      const id: 'vague' = f.messageId;
      void id;
    },
  });
}
