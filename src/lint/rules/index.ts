// Every lint rule, listed explicitly. A rule missing here does not run; test/rules-catalogue checks the list.
import type { Rule } from '../rule.js';

export const rules: Rule<any>[] = [];
