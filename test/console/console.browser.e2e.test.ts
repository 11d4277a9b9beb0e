import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { ADMIN_TOKEN, PROVIDER_SECRET, consoleConfig, scriptedScorer } from './console-config.ts';
import { NO_CHROMIUM_REASON, chromiumPath } from './find-chromium.ts';

/** Screenshots of each page, kept as test artifacts (git-ignored). */
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

describe.skipIf(chromiumPath === undefined)(`console in headless Chromium${chromiumPath === undefined ? ` (skipped: ${NO_CHROMIUM_REASON})` : ''}`, () => {
  let upstream: FakeUpstream;
  let test: TestGateway;
  let browser: Browser;
  let page: Page;
  /** Everything the page logged as an error, and every uncaught exception: none is allowed. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    upstream = await startFakeUpstream();
    test = await startTestGateway(consoleConfig(upstream), scriptedScorer);
    browser = await puppeteer.launch({ executablePath: chromiumPath!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url ?? ''})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await upstream?.close();
  });

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const textOf = (selector: string) => page.$eval(selector, (element) => element.textContent ?? '');
  const setInput = (text: string) => page.$eval('#explain-input', (element, value) => void ((element as unknown as { value: string }).value = value), text);

  it('shows the login page without a session, and refuses a wrong token', async () => {
    await page.goto(`${test.url}/ui`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await shot('login');
    await page.type('#token', 'not-the-token');
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(answer?.status()).toBe(401);
    expect(await textOf('.message')).toContain('not the admin token');
    expect(await browser.cookies()).toEqual([]);
    // The refused login's 401 is logged by the browser itself: expected, and the only one allowed.
    const others = consoleErrors.filter((error) => !error.includes('status of 401'));
    consoleErrors.splice(0, consoleErrors.length, ...others);
  });

  it('logs in with the admin token: an HttpOnly, SameSite=Strict session cookie, and the token in no URL', async () => {
    await page.type('#token', ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/ui');
    expect(page.url()).not.toContain(ADMIN_TOKEN);
    const cookies = await browser.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'switchyard_console', httpOnly: true, sameSite: 'Strict', path: '/ui' });
    expect(cookies[0]?.value).not.toContain(ADMIN_TOKEN);
    // Scripts cannot read it.
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.waitForSelector('#decisions');
  });

  it('shows a request made through the gateway in the live view, and opens it', async () => {
    const { response } = await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'hello from the browser test' }] }).withResponse();
    const requestId = response.headers.get('x-switchyard-request-id')!;
    // Auto-updating: the row appears without a reload.
    const row = await page.waitForSelector(`tr[data-request-id="${requestId}"]`, { timeout: 10_000 });
    await row!.click();
    await page.waitForSelector('#decision-detail #attempts');
    const detail = await textOf('#decision-detail');
    expect(detail).toContain(requestId);
    expect(detail).toContain('chain (failover)');
    expect(detail).toContain('small (fake)');
    expect(await textOf('#detail-cost')).toMatch(/^\$\d/);
    expect(await page.content()).not.toContain(PROVIDER_SECRET);
    await shot('decisions');

    // A smart router's request shows its candidates' scores.
    const smart = await test.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'score me, about Project Falcon' }] }).withResponse();
    const smartId = smart.response.headers.get('x-switchyard-request-id')!;
    await (await page.waitForSelector(`tr[data-request-id="${smartId}"]`, { timeout: 10_000 }))!.click();
    await page.waitForSelector('#decision-detail #candidates');
    const candidates = await textOf('#decision-detail #candidates');
    expect(candidates).toContain('small');
    expect(candidates).toContain('large');
    expect(await textOf('#decision-detail')).toContain('difficulty 0.250');
    // Its guardrail verdict: the check, its detector, action and match count (never the matched text).
    const verdicts = await textOf('#decision-detail #guardrail-verdicts');
    expect(verdicts).toContain('codename');
    expect(verdicts).toContain('keywords');
    expect(verdicts).toContain('warn');
    expect(verdicts).not.toContain('Falcon');
    await shot('decision-smart');

    // Filtered by status: a served request is not among the errors.
    await page.select('#filter-status', 'error');
    await page.waitForFunction(`document.querySelector('tr[data-request-id="${requestId}"]') === null`);
    await page.select('#filter-status', '');
  });

  it('shows routers and rules over a window, deployments with charts, and spend against budgets', async () => {
    await test.openai.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'word '.repeat(80) }] });
    // small fails five times in a row (each request fails over to large): its circuit opens.
    upstream.setBehaviorFor('small-model', { kind: 'status', status: 500, message: 'scripted outage' });
    for (let call = 0; call < 5; call++) await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: `failover ${call}` }] });
    upstream.reset();
    await page.goto(`${test.url}/ui#/stats`);
    await page.waitForSelector('#rule-stats');
    await page.select('#window', '5m');
    await page.waitForFunction("document.querySelector('#rule-stats')?.textContent?.includes('long')");
    expect(await textOf('#router-stats')).toContain('chain');
    expect(await page.$$eval('svg.chart rect', (bars) => bars.length)).toBeGreaterThan(0);
    await shot('stats');

    await page.goto(`${test.url}/ui#/deployments`);
    await page.waitForSelector('#health tr[data-deployment="small"]');
    expect(await textOf('#health tr[data-deployment="small"]')).toContain('open');
    expect(await textOf('#health tr[data-deployment="small"]')).toContain('HTTP 500');
    expect(await textOf('#health tr[data-deployment="large"]')).toContain('closed');
    expect(await page.$$eval('svg.chart path', (lines) => lines.length)).toBeGreaterThan(0);
    // The error-rate chart has small's failures in it.
    const points = await page.$$eval('svg.chart[aria-label="error rate"] circle title', (titles) => titles.map((title) => title.textContent));
    expect(points.some((point) => point !== null && /^small: [1-9]\d* %$/.test(point))).toBe(true);
    await shot('deployments');

    await page.goto(`${test.url}/ui#/spend`);
    await page.waitForSelector('#provider-limits tr[data-provider="fake"]');
    expect(await textOf('#provider-limits tr[data-provider="fake"]')).toContain('of $50.00');
    expect(await page.$$('#provider-limits .meter')).toHaveLength(1);
    await shot('spend');
  });

  it('answers in the explain playground', async () => {
    await page.goto(`${test.url}/ui#/explain`);
    await page.waitForSelector('#explain-router');
    await page.select('#explain-router', 'triage');
    await setInput('');
    await page.type('#explain-input', 'word '.repeat(100));
    await page.click('#explain-run');
    await page.waitForSelector('#explain-choice');
    expect(await textOf('#explain-choice')).toBe('large');
    expect(await textOf('#explain-result')).toContain('long');

    // A request body instead of a prompt.
    await setInput('{"messages":[{"role":"user","content":"hi"}]}');
    await page.click('#explain-run');
    await page.waitForFunction("document.querySelector('#explain-choice')?.textContent === 'small'");
    await shot('explain');
  });

  it('shows the config, redacted, with the check findings on their lines', async () => {
    await page.goto(`${test.url}/ui#/config`);
    await page.waitForSelector('#findings');
    expect(await textOf('#findings')).toContain("rule 'longer' can never match");
    expect(await page.$$('#config-text .line.flagged')).toHaveLength(1);
    const text = await textOf('#config-text');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(PROVIDER_SECRET);
    await shot('config');
  });

  it('loaded every page without a console error', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('logs out: back to the login page, and the old session opens nothing', async () => {
    const [cookie] = await browser.cookies();
    await Promise.all([page.waitForNavigation(), page.click('#logout')]);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    expect(await browser.cookies()).toEqual([]);
    const stale = await fetch(`${test.url}/ui/api/admin/stats`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(stale.status).toBe(401);
    await page.goto(`${test.url}/ui`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
  });
});
