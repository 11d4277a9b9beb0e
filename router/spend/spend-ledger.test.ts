import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../config/compiled-config.ts';
import { SqliteSpendStore } from '././sqlite-spend-store.ts';
import { createMonthClock } from './month-clock.ts';
import { SpendLedger, type BudgetAlert } from './spend-ledger.ts';

const NOVEMBER = Date.UTC(2026, 10, 20);
const DECEMBER = Date.UTC(2026, 11, 1, 0, 0, 1);

function account(name: string, monthlyUsd?: number, alertAt = [0.5, 0.8]): ProviderSettings {
  return { name, budget: monthlyUsd === undefined ? undefined : { monthlyUsd, alertAt } } as ProviderSettings;
}

describe('SpendLedger', () => {
  const directories: string[] = [];
  afterEach(async () => {
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
  });

  it('sums spend per provider and starts a new month at zero', () => {
    let now = NOVEMBER;
    const ledger = new SpendLedger({ clock: createMonthClock('UTC'), now: () => now });
    const openai = account('openai', 10);
    ledger.record(openai, 4);
    ledger.record(openai, 2.5);
    ledger.record(account('local'), 1);
    expect(ledger.spentUsd('openai')).toBe(6.5);
    expect(ledger.fraction(openai)).toBe(0.65);
    expect(ledger.fraction(account('local'))).toBeUndefined();
    expect(ledger.highestFraction([openai, account('local'), account('other', 100)])).toBe(0.65);
    now = DECEMBER;
    expect(ledger.month).toBe('2026-12');
    expect(ledger.spentUsd('openai')).toBe(0);
  });

  it('refuses a provider at 100 % of its budget until the next month begins', () => {
    let now = Date.UTC(2026, 10, 30, 23, 0);
    const ledger = new SpendLedger({ clock: createMonthClock('UTC'), now: () => now });
    const openai = account('openai', 10);
    ledger.record(openai, 9.99);
    expect(ledger.refusal(openai)).toBeUndefined();
    ledger.record(openai, 0.01);
    expect(ledger.refusal(openai)).toEqual({ reason: 'budget exhausted (monthly_usd 10)', retryAfterMs: 3_600_000 });
    now = DECEMBER;
    expect(ledger.refusal(openai)).toBeUndefined();
  });

  it('alerts once per threshold and month, each threshold a jump crosses', () => {
    let now = NOVEMBER;
    const alerts: BudgetAlert[] = [];
    const ledger = new SpendLedger({ clock: createMonthClock('UTC'), now: () => now, onAlert: (alert) => alerts.push(alert) });
    const openai = account('openai', 100, [0.5, 0.8, 0.9]);
    ledger.record(openai, 40);
    expect(alerts).toEqual([]);
    ledger.record(openai, 10);
    ledger.record(openai, 5);
    expect(alerts.map((alert) => alert.threshold)).toEqual([0.5]);
    ledger.record(openai, 40);
    expect(alerts.map((alert) => alert.threshold)).toEqual([0.5, 0.8, 0.9]);
    expect(alerts[2]).toEqual({ provider: 'openai', month: '2026-11', threshold: 0.9, spendUsd: 95, budgetUsd: 100 });
    // A raised budget brings the fraction back under 0.8; crossing it again this month stays quiet.
    const raised = account('openai', 200, [0.5, 0.8, 0.9]);
    ledger.record(raised, 70);
    expect(alerts).toHaveLength(3);
    now = DECEMBER;
    ledger.record(openai, 60);
    expect(alerts.map((alert) => `${alert.month} ${alert.threshold}`).at(-1)).toBe('2026-12 0.5');
  });

  it('keeps the month across a reopen of the SQLite file, without alerting again', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-spend-'));
    directories.push(directory);
    const path = join(directory, 'state.db');
    const alerts: BudgetAlert[] = [];
    const openai = account('openai', 10);
    const now = () => NOVEMBER;

    const firstStore = new SqliteSpendStore({ path });
    const first = new SpendLedger({ clock: createMonthClock('UTC'), now, store: firstStore, onAlert: (alert) => alerts.push(alert) });
    first.record(openai, 6);
    first.record(account('local'), 0.25);
    await firstStore.close();

    const secondStore = new SqliteSpendStore({ path });
    const second = new SpendLedger({ clock: createMonthClock('UTC'), now, store: secondStore, onAlert: (alert) => alerts.push(alert) });
    expect(second.spentUsd('openai')).toBe(6);
    expect(second.spentUsd('local')).toBe(0.25);
    second.record(openai, 1);
    expect(alerts.map((alert) => alert.threshold)).toEqual([0.5]);
    second.record(openai, 1);
    expect(alerts.map((alert) => alert.threshold)).toEqual([0.5, 0.8]);
    expect(secondStore.load('2026-11').get('openai')).toBe(8);
    expect(secondStore.load('2026-12').size).toBe(0);
    await secondStore.close();
  });
});
