import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createGateway, type Gateway, type GatewayOptions } from '../../router/runtime/create-gateway.ts';

export type TestGateway = {
  gateway: Gateway;
  url: string;
  /** The official OpenAI client pointed at the gateway, without SDK-side retries. */
  openai: OpenAI;
  configFile: string;
  close(): Promise<void>;
};

/** Writes the config to a temp file and starts a real gateway on 127.0.0.1 (random port). */
export async function startTestGateway(configText: string, options: Omit<GatewayOptions, 'configFile' | 'configText'> = {}): Promise<TestGateway> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-test-'));
  const configFile = join(directory, 'switchyard.yaml');
  await writeFile(configFile, configText);
  const gateway = await createGateway({ logger: false, watch: false, ...options, configFile });
  const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'client-key-not-used', maxRetries: 0, timeout: 10_000 });
  return { gateway, url, openai, configFile, close: () => gateway.close(200) };
}
