// Formatters: each reads only Diagnostics and returns text.
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type { Formatter, ReportContext, RuleInfo, SkipNotice } from './types.js';

export const formatters: Record<string, Formatter> = { stylish, json, sarif, github, gitlab, markdown, junit };
