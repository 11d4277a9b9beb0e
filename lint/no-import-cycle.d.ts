import type { ESLint, Rule } from 'eslint';

export declare const noImportCycle: Rule.RuleModule;
export declare const switchyardLintPlugin: ESLint.Plugin;
