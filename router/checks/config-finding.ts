import type { ConfigIssue } from '../config/config-error.ts';

/** A problem `switchyard check` found beyond what loading rejects: a warning, or an error where clearly wrong. */
export type ConfigFinding = ConfigIssue & { severity: 'warning' | 'error' };
