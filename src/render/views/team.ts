// One page per team: its "your first week" page (views/first-week.ts), at the team's URL.
import type { Team } from '../../model/types.js';
import type { RenderContext } from '../context.js';
import type { PageView } from './common.js';
import { teamFirstWeek } from './first-week.js';

export function teamPageView(ctx: RenderContext, t: Team): PageView {
  return teamFirstWeek(ctx, t);
}
