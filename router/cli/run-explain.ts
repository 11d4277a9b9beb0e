import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load-config.ts';
import { createScorerClient, scorerClientOptions } from '../scoring/create-scorer-client.ts';
import type { RouterDecision } from '../routing/expand-plan.ts';
import { defaultConfigPath } from './default-config-path.ts';
import type { GuardrailExplanation } from '../guardrails/explain-guardrails.ts';
import { explainInputFrom, explainRoute } from '../explain/explain-route.ts';

const USAGE = 'usage: switchyard explain --config FILE --router NAME [--axis cost|balanced|quality] [--embeddings] [--json] ["prompt" | an OpenAI Chat Completions or embeddings body on stdin]';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Candidate = { name: string; quality: number; costUsd: number | null; seconds: number | null; score: number };

function formatGuardrails(guardrails: GuardrailExplanation[]): string {
  if (guardrails.length === 0) return 'guardrails: none would fire\n';
  return `guardrails:\n${guardrails.map((entry) => `  ${entry.guardrail} (${entry.detector}): ${entry.matches > 0 ? `${entry.action}, ${entry.matches} match${entry.matches === 1 ? '' : 'es'}` : entry.action}${entry.note === undefined ? '' : ` — ${entry.note}`}`).join('\n')}\n`;
}

function formatText(router: string, strategy: string, detail: Record<string, unknown>, targets: string[]): string {
  const axis = detail.strongShare === undefined ? JSON.stringify(detail.weights) : `(${Math.round(Number(detail.strongShare) * 100)} % to the most capable, band ${Math.round(Number(detail.band) * 100)} %)`;
  const lines = [`router: ${router} (strategy ${strategy}${detail.axis === undefined ? '' : `, axis ${String(detail.axis)} ${axis}`})`];
  if (detail.note !== undefined) lines.push(`note: ${String(detail.note)}`);
  if (detail.complexity !== undefined) {
    lines.push(`difficulty: ${String(detail.complexity)} (IRT logit ${String(detail.logit)}), ${String(detail.inputTokens)} input tokens, scored in ${String(detail.scorerMs)} ms`);
  }
  const fallback = detail.fallback as { reason: string; message: string } | undefined;
  if (fallback !== undefined) lines.push(`scorer unavailable (${fallback.reason}: ${fallback.message}): most capable candidate first`);
  const excluded = (detail.excluded as Array<{ name: string; reason: string }> | undefined) ?? [];
  lines.push(`filters: ${excluded.length === 0 ? 'none excluded' : excluded.map((entry) => `${entry.name} excluded (${entry.reason})`).join('; ')}`);
  const candidates = detail.candidates as Candidate[] | undefined;
  if (candidates !== undefined) {
    const width = Math.max(9, ...candidates.map((candidate) => candidate.name.length));
    lines.push(`  ${'candidate'.padEnd(width)}  quality   cost/call    time    score`);
    for (const candidate of candidates) {
      const cost = candidate.costUsd === null ? '?' : `$${candidate.costUsd.toFixed(6)}`;
      const time = candidate.seconds === null ? '?' : `${candidate.seconds.toFixed(1)} s`;
      lines.push(`${candidate.name === detail.chosen ? '*' : ' '} ${candidate.name.padEnd(width)}  ${candidate.quality.toFixed(3).padStart(7)}  ${cost.padStart(10)}  ${time.padStart(6)}  ${candidate.score.toFixed(4).padStart(7)}`);
    }
  }
  if (detail.side !== undefined) {
    const pair = detail.pair as { strong: string; weak: string };
    lines.push(`gain of ${pair.strong} over ${pair.weak}: ${String(detail.gain)} (cut ${String(detail.cut)}, band down to ${String(detail.bandCut)}): ${String(detail.side)} side`);
  }
  if (detail.via !== undefined) lines.push(`routers scored by their first deployment: ${Object.entries(detail.via as Record<string, string>).map(([name, deployment]) => `${name} as ${deployment}`).join(', ')}`);
  lines.push(`choice: ${targets[0] ?? '(none)'}${targets.length > 1 ? ` (then ${targets.slice(1).join(', ')})` : ''}`);
  return lines.join('\n') + '\n';
}

/** The routers the plan went through below the first one, and the deployment it tries first. */
function formatNested(nested: readonly RouterDecision[], firstDeployment: string | undefined): string {
  const lines = nested.map((decision) => `then router: ${decision.router} (strategy ${decision.strategy}${decision.rule === undefined ? '' : `, rule ${decision.rule}`}): ${decision.targets.join(', ')}`);
  if (nested.length > 0 && firstDeployment !== undefined) lines.push(`first deployment: ${firstDeployment}`);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** `switchyard explain`: why a router picks what it picks for one prompt. */
export async function runExplain(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, router: { type: 'string', short: 'r' }, axis: { type: 'string' }, json: { type: 'boolean', default: false }, embeddings: { type: 'boolean', default: false } },
  });
  if (values.router === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = await loadConfigFile(defaultConfigPath(values.config, process.env), process.env);
  const router = config.routers.get(values.router);
  if (router === undefined) throw new Error(`no router '${values.router}' (routers: ${[...config.routers.keys()].join(', ')})`);
  const prompt = positionals.length > 0 ? positionals.join(' ') : undefined;
  const { request, embedding, inputTokens } = explainInputFrom(prompt !== undefined ? { prompt, embeddings: values.embeddings } : { body: JSON.parse(await readStdin()) as unknown }, values.router);

  // The decision, not the latency, is what is explained: a generous budget so a cold start never falls back.
  const scorer = createScorerClient({ ...scorerClientOptions(config.scorer), size: 1, timeoutMs: 10_000 });
  try {
    await scorer.ready();
    const explanation = await explainRoute(config, router.name, request, { scorer, axis: values.axis, embedding, ...(inputTokens === undefined ? {} : { inputTokens }) });
    const { targets, detail, nested, firstDeployment, guardrails } = explanation;
    process.stdout.write(
      values.json
        ? JSON.stringify(explanation, null, 2) + '\n'
        : (explanation.request === 'embeddings' ? 'request: embeddings (only embedding models fit it)\n' : '') + formatText(router.name, router.strategy, detail, targets) + formatNested(nested, firstDeployment) + formatGuardrails(guardrails),
    );
    return 0;
  } finally {
    await scorer.close();
  }
}
