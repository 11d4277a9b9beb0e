import { readFile } from 'node:fs/promises';
import type { CompiledConfig } from './compiled-config.ts';
import { compileConfig } from './compile-config.ts';
import { ConfigError } from './config-error.ts';
import { parseConfigText } from './parse-config-text.ts';
import type { PairGainModel } from '../routing/strategies/smart-pair-gain.ts';
import type { ShareWindowStore } from '../routing/strategies/share-window-store.ts';

/** YAML text → compiled, frozen config. Throws ConfigError listing every problem with its place. */
export function loadConfigText(text: string, file: string, environment: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): CompiledConfig {
  const { raw, locate } = parseConfigText(text, file, environment);
  return compileConfig(raw, { file, text, locate, ...options });
}

/** What a long-running gateway hands each load so state outlives a reload (the smart routers' share windows). */
export type LoadConfigOptions = { shareWindows?: ShareWindowStore; pairGain?: PairGainModel };

/** The config file's text; a file that cannot be read is a ConfigError naming it. */
export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError([{ file, line: undefined, column: undefined, path: '', message: reason }]);
  }
}

export async function loadConfigFile(file: string, environment: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): Promise<CompiledConfig> {
  return loadConfigText(await readConfigText(file), file, environment, options);
}
