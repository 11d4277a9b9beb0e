import { parseArgs } from 'node:util';
import { adminTarget, callAdminApi, processIo, type CommandIo } from './admin-api-client.ts';

const USAGE = `usage: switchyard keys <create|list|rotate|revoke|usage> [options]

  create --project P --name N [--allowed a,b*] [--tier T] [--rpm N] [--tpm N] [--budget USD]
         [--expires-in-days D] [--tag k=v]...     prints the new key once (only its hash is kept)
  list                                             every virtual key: id, name, project, state
  rotate ID                                        a new secret for the key; the old one stops working
  revoke ID                                        the key stops working
  usage [--project P]                              live counters of projects and keys: this minute's
                                                   requests/tokens against rpm/tpm, the month's spend
  options: --url URL (default $SWITCHYARD_URL or http://127.0.0.1:4000), --admin-token T
           (default $SWITCHYARD_ADMIN_TOKEN), --json
`;

type KeyView = { key?: string; id: string; name: string; project: string; state: string; tier?: string; expiresAt?: number };

function describe(key: KeyView): string {
  const extra = [key.tier === undefined ? '' : `tier ${key.tier}`, key.expiresAt === undefined ? '' : `expires ${new Date(key.expiresAt).toISOString()}`].filter(Boolean).join(', ');
  return `${key.id}  ${key.state.padEnd(7)}  ${key.project}/${key.name}${extra === '' ? '' : `  (${extra})`}`;
}

type Counters = { rpm: { used: number | null; limit: number | null }; tpm: { used: number | null; limit: number | null }; spend: { usd: number; budget_usd: number | null } };
type UsageView = { month: string; projects: Array<Counters & { project: string }>; keys: Array<Counters & { id: string; name: string; project: string | null; state: string }> };

function describeCounters(counters: Counters): string {
  const of = (used: number | null, limit: number | null) => (used === null ? '-' : limit === null ? String(used) : `${used}/${limit}`);
  const budget = counters.spend.budget_usd === null ? '' : ` of $${counters.spend.budget_usd} (${Math.round((counters.spend.usd / counters.spend.budget_usd) * 100)} %)`;
  return `rpm ${of(counters.rpm.used, counters.rpm.limit)}  tpm ${of(counters.tpm.used, counters.tpm.limit)}  spend $${counters.spend.usd.toFixed(6)}${budget}`;
}

function describeUsage(view: UsageView): string {
  const lines = [`month ${view.month}`];
  for (const project of view.projects) lines.push(`project ${project.project}  ${describeCounters(project)}`);
  for (const key of view.keys) lines.push(`key ${key.id}  ${key.state.padEnd(7)}  ${key.project ?? '-'}/${key.name}  ${describeCounters(key)}`);
  return lines.join('\n');
}

function parseTags(tags: string[] | undefined): Record<string, string> | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  const parsed: Record<string, string> = {};
  for (const tag of tags) {
    const separator = tag.indexOf('=');
    if (separator <= 0) throw new Error(`--tag must be key=value, got '${tag}'`);
    parsed[tag.slice(0, separator)] = tag.slice(separator + 1);
  }
  return parsed;
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got '${text}'`);
  return value;
}

/** `switchyard keys …`: the admin API's virtual keys from the command line. */
export async function runKeys(args: string[], io: CommandIo = processIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(USAGE);
    return sub === undefined ? 1 : 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'admin-token': { type: 'string' },
      json: { type: 'boolean' },
      project: { type: 'string' },
      name: { type: 'string' },
      allowed: { type: 'string' },
      tier: { type: 'string' },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      budget: { type: 'string' },
      'expires-in-days': { type: 'string' },
      tag: { type: 'string', multiple: true },
    },
  });
  const target = adminTarget(values, io.environment);
  const print = (value: unknown, text: string) => io.stdout.write(values.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  switch (sub) {
    case 'create': {
      if (values.project === undefined || values.name === undefined) throw new Error('keys create needs --project and --name');
      const body: Record<string, unknown> = { project: values.project, name: values.name };
      if (values.allowed !== undefined) body.allowed = values.allowed.split(',').map((name) => name.trim()).filter(Boolean);
      if (values.tier !== undefined) body.tier = values.tier;
      const rpm = positive('rpm', values.rpm);
      const tpm = positive('tpm', values.tpm);
      if (rpm !== undefined || tpm !== undefined) body.limits = { ...(rpm === undefined ? {} : { rpm }), ...(tpm === undefined ? {} : { tpm }) };
      const budget = positive('budget', values.budget);
      if (budget !== undefined) body.budget = { monthly_usd: budget };
      const days = positive('expires-in-days', values['expires-in-days']);
      if (days !== undefined) body.expires_in_days = days;
      const tags = parseTags(values.tag);
      if (tags !== undefined) body.tags = tags;
      const created = (await callAdminApi(target, 'POST', '/admin/keys', body)) as KeyView;
      print(created, `${describe(created)}\n${created.key}\n(store this key now: it is not shown again)`);
      return 0;
    }
    case 'list': {
      const listed = (await callAdminApi(target, 'GET', '/admin/keys')) as { keys: KeyView[] };
      print(listed, listed.keys.length === 0 ? 'no virtual keys' : listed.keys.map(describe).join('\n'));
      return 0;
    }
    case 'usage': {
      const query = values.project === undefined ? '' : `?project=${encodeURIComponent(values.project)}`;
      const view = (await callAdminApi(target, 'GET', `/admin/usage${query}`)) as UsageView;
      print(view, describeUsage(view));
      return 0;
    }
    case 'rotate':
    case 'revoke': {
      const id = positionals[0];
      if (id === undefined) throw new Error(`keys ${sub} needs the key's id`);
      const answer = (await callAdminApi(target, 'POST', `/admin/keys/${encodeURIComponent(id)}/${sub}`)) as KeyView;
      print(answer, sub === 'rotate' ? `${describe(answer)}\n${answer.key}\n(the old secret no longer works)` : describe(answer));
      return 0;
    }
    default:
      io.stderr.write(`switchyard keys: unknown subcommand '${sub}'\n\n${USAGE}`);
      return 1;
  }
}
