// forecast/commit-defined: a commit category exists, and the forecast process points at it.
import { type ForecastCategory, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'forecast/commit-defined',
  severity: 'error',
  category: 'references',
  sections: ['forecastCategories'],
  description:
    "The forecast categories include one of kind `commit`, and a forecast process's `commitCategory` names a category of that kind.",
  rationale:
    'Commit is the number leadership plans on; if no category defines it, every manager commits by a private standard. (Its required evidence is checked by forecast/category-has-evidence.)',
  messages: {
    missing:
      'No forecast category has `kind: commit`, so nobody has defined what a committed deal is. Add a category with `kind: commit` and the evidence a deal needs to be in it.',
    wrongKind:
      'Forecast process `{{process}}` names `{{category}}` as its commit category, but `{{category}}` has `kind: {{kind}}`. {{fix}}',
  },
  check(model, ctx) {
    const cats = model.map.forecastCategories;
    if (cats.length === 0) return;
    const commit = cats.find((c) => c.kind === 'commit');
    if (!commit) ctx.report({ path: ['forecastCategories', 0], messageId: 'missing' });
    for (const { entity: f, path } of entities(model, 'forecast')) {
      if (f.commitCategory === undefined) continue;
      const named = lookup<ForecastCategory>(model, 'forecast category', f.commitCategory)?.entity;
      if (!named || named.kind === 'commit') continue; // unresolved: ref/unresolved reports it
      const fix = commit
        ? `Point \`commitCategory:\` at \`${commit.id}\`, the category of kind commit.`
        : 'Name a category of kind commit.';
      ctx.report({
        path: [...path, 'commitCategory'],
        messageId: 'wrongKind',
        data: { process: f.id, category: named.id, kind: named.kind, fix },
      });
    }
  },
});
