import type { SkipNotice } from '../diagnostic.js';
import { summary } from './summary.js';
import type { Formatter } from './types.js';

// JSON.stringify escapes C0 but writes DEL, C1 and the bidi controls as they are; as \u escapes
// they parse to the same strings and cannot act on a terminal that shows the file
const RAW_CONTROL = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Pretty JSON that holds every map value exactly, with no control character written raw. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

// only the documented fields, so a notice never carries more than the format promises
const notice = ({ what, why, file, line, column, rules }: SkipNotice): SkipNotice => ({ what, why, file, line, column, rules });

export const json: Formatter = (diagnostics, ctx) =>
  jsonText({
    version: ctx.toolVersion,
    files: ctx.files,
    summary: summary(diagnostics),
    lintSkipped: (ctx.skipped ?? []).map(notice),
    diagnostics,
  });
