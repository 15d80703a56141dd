import type { Formatter } from './types.js';
import { summary } from './stylish.js';

export const json: Formatter = (diagnostics, ctx) =>
  JSON.stringify({ version: ctx.toolVersion, files: ctx.files, summary: summary(diagnostics), diagnostics }, null, 2) + '\n';
