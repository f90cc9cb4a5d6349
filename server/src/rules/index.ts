import type { Rule } from './rule';

// Placeholder: the rule registry is filled in by the rules work (issue 3).
export const ALL_RULES: readonly Rule[] = [];
