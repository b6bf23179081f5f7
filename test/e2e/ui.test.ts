import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_FORTNIGHT_START, DEMO_ROSTER_START } from '../../fixtures/demo';
import { startDemoApp, type DemoApp } from '../helpers/demo-app';

/**
 * The web UI in headless Chromium on the demo organisation: every role signs in, each page shows
 * the same numbers as the API, a rep generates → solves → publishes a plan from the plan board,
 * and no role opens another role's page. Screenshots go to test-results/screenshots.
 */
const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
let demo: DemoApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed API answers, checked field by field
async function api<T = any>(role: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(demo.baseUrl + url, {
    method,
    headers: {
      Authorization: `Bearer ${demo.tokens[role]!.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function until<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A fresh browser context; `refusals` for pages meant to answer 401/403 (the browser logs those). */
async function newPage(refusals = false): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !refusals) consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** Signs in through the form with the role's API token and returns the page on its home. */
async function signInWithToken(role: string, refusals = false): Promise<Page> {
  const page = await newPage(refusals);
  await page.goto(`${demo.baseUrl}/ui`);
  expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  await page.getByLabel('API token').fill(demo.tokens[role]!.token);
  await Promise.all([
    page.waitForURL(/\/ui\/(?!sign-in)/),
    page.getByRole('button', { name: 'Sign in with token' }).click(),
  ]);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** An element's text without the whitespace of the markup around it. */
const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').trim();

const hoursText = (minutes: number) => `${(Math.round((minutes / 60) * 10) / 10).toFixed(1)} h`;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  demo = await startDemoApp();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  // A published roster for the agents' pages (the plan is generated from the plan board below).
  const roster = await api('rep', 'POST', '/rosters', {
    periodStart: DEMO_ROSTER_START,
    weeks: 1,
    timeLimitSeconds: 45,
  });
  await until(async () => {
    const r = await api('rep', 'GET', `/rosters/${roster.id}`);
    return ['draft', 'solving'].includes(r.status) ? undefined : r;
  }, 'the roster solve');
  await api('rep', 'POST', `/rosters/${roster.id}/publish`);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await demo?.close();
});

describe('web UI', () => {
  let planId: string;

  it('sends anonymous visitors to sign in, and refuses a wrong password without saying which part was wrong', async () => {
    const page = await newPage(true);
    await page.goto(`${demo.baseUrl}/ui/plan`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
    await page.getByLabel('Email').fill(demo.tokens['rep']!.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await page.locator('#signin-error').count()).toBe(1);
    const unknown = await newPage(true);
    await unknown.goto(`${demo.baseUrl}/ui/sign-in`);
    await unknown.getByLabel('Email').fill('nobody@example.com');
    await unknown.getByLabel('Password').fill('not the password at all');
    await unknown.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await text(unknown.locator('#signin-error'))).toBe(await text(page.locator('#signin-error')));
  });

  it('lets a rep sign in with a password and generate, solve and publish a plan from the plan board', async () => {
    const me = await api('rep', 'GET', '/me');
    await api('admin', 'PUT', `/users/${me.userId}/password`, { password: 'correct horse battery staple' });
    const page = await newPage();
    await page.goto(`${demo.baseUrl}/ui/sign-in`);
    await page.getByLabel('Email').fill(demo.tokens['rep']!.email);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await Promise.all([
      page.waitForURL(/\/ui\/plan/),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'rota_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    await page.goto(`${demo.baseUrl}/ui/plan?fortnight=${DEMO_FORTNIGHT_START}`);
    await page.getByLabel('Time limit (s)').fill('20');
    await Promise.all([
      page.waitForURL(/[?&]plan=/, { timeout: 180_000 }),
      page.getByRole('button', { name: 'Generate plan' }).click(),
    ]);
    const status = page.locator('#plan-status');
    expect(await status.getAttribute('data-status')).toBe('solved');
    planId = (await status.getAttribute('data-plan-id'))!;
    await shot(page, 'rep-plan-board-solved');
    await Promise.all([
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name: 'Publish this plan' }).click(),
    ]);
    await page.waitForLoadState('load');
    expect(await page.locator('#plan-status').getAttribute('data-status')).toBe('published');
    expect((await api('rep', 'GET', `/plans/${planId}`)).status).toBe('published');

    // Every engineer's hours per week on the board are the API's.
    const engineers = (await api('admin', 'GET', '/engineers?limit=100')).items as {
      id: string;
      active: boolean;
    }[];
    for (const e of engineers.filter((x) => x.active)) {
      const view = await api('rep', 'GET', `/plans/${planId}/engineers/${e.id}`);
      for (const w of view.weeks as { week: number; billable: number }[]) {
        const cell = page.locator(`[data-week-hours="${e.id}:${w.week}"]`);
        expect(Number(await cell.getAttribute('data-billable-minutes'))).toBe(w.billable);
        expect(await cell.textContent()).toContain(hoursText(w.billable));
      }
      // Every block of the API is on the board, in the engineer's row on its day.
      for (const b of view.blocks as { id: string; engineerId: string; date: string; localStart: string }[]) {
        const block = page.locator(
          `td[data-engineer="${b.engineerId}"][data-date="${b.date}"] [data-block="${b.id}"]`,
        );
        expect(await block.textContent()).toContain(b.localStart);
      }
    }
    await shot(page, 'rep-plan-board-published');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot(page, 'rep-plan-board-phone');
  });

  it('shows the review sheet with the API’s numbers for a customer', async () => {
    const page = await signInWithToken('rep');
    const customers = (await api('rep', 'GET', '/customers?limit=100')).items as {
      id: string;
      name: string;
    }[];
    for (const c of customers.slice(0, 3)) {
      await page.goto(`${demo.baseUrl}/ui/review?fortnight=${DEMO_FORTNIGHT_START}&customer=${c.id}`);
      const sheet = await api('rep', 'GET', `/plans/${planId}/customers/${c.id}`);
      expect(await text(page.locator('#customer-name'))).toBe(c.name);
      expect(await text(page.locator('#scheduled-hours'))).toBe(hoursText(sheet.customer.scheduledMinutes));
      const blocks = sheet.blocks as { itemId: string; startsAt: string; endsAt: string }[];
      const items = new Set(blocks.map((b) => b.itemId));
      expect(await page.locator('#delivered tbody tr').count()).toBe(items.size);
    }
    await shot(page, 'rep-review-sheet');
  });

  it('shows an engineer their own published schedule and lets them create a subscription link', async () => {
    const page = await signInWithToken('engineer');
    expect(new URL(page.url()).pathname).toBe('/ui/my-schedule');
    const me = await api('engineer', 'GET', '/me');
    await page.goto(`${demo.baseUrl}/ui/my-schedule?fortnight=${DEMO_FORTNIGHT_START}`);
    const blocks = await api('engineer', 'GET', `/plans/${planId}/blocks?engineerId=${me.engineerId}`);
    const minutes = (blocks as { startsAt: string; endsAt: string }[]).reduce(
      (s, b) => s + (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60000,
      0,
    );
    expect(Number(await page.locator('#total-hours').getAttribute('data-minutes'))).toBe(minutes);
    expect(await page.locator('#schedule [data-block]').count()).toBe(blocks.length);
    await page.getByRole('button', { name: 'Create subscription link' }).click();
    const link = page.locator('#feed-links a').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^webcal:\/\/127\.0\.0\.1:\d+\/feeds\/feed_[\w-]{43}\.ics$/);
    const ics = await fetch(href.replace(/^webcal:/, 'http:'));
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    await shot(page, 'engineer-my-schedule');
    // On a phone the page fits the screen: wide tables scroll inside their own box.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot(page, 'engineer-my-schedule-phone');
  });

  it('shows an agent their rostered shifts as the API does', async () => {
    const page = await signInWithToken('agent');
    expect(new URL(page.url()).pathname).toBe('/ui/my-shifts');
    const me = await api('agent', 'GET', '/me');
    await page.goto(`${demo.baseUrl}/ui/my-shifts?from=${DEMO_ROSTER_START}`);
    const to = new Date(Date.parse(DEMO_ROSTER_START) + 27 * 86400000).toISOString().slice(0, 10);
    const shifts = await api(
      'agent',
      'GET',
      `/agents/${me.agentId}/shifts?from=${DEMO_ROSTER_START}&to=${to}`,
    );
    expect(Number(await text(page.locator('#shift-count')))).toBe(shifts.length);
    expect(await page.locator('#shifts [data-shift]').count()).toBe(shifts.length);
    await shot(page, 'agent-my-shifts');
  });

  it('shows the director utilisation and margins as the reports API computes them', async () => {
    const page = await signInWithToken('director');
    expect(new URL(page.url()).pathname).toBe('/ui/dashboard');
    // With no fortnight chosen it opens on this fortnight's plan, or the nearest published one.
    expect(await page.locator('#no-plan').count()).toBe(0);
    expect(await page.locator('#utilisation tbody tr').count()).toBeGreaterThan(0);
    await page.goto(`${demo.baseUrl}/ui/dashboard?fortnight=${DEMO_FORTNIGHT_START}`);
    const util = await api('director', 'GET', `/reports/utilisation?fortnightStart=${DEMO_FORTNIGHT_START}`);
    expect(util.engineers.length).toBeGreaterThan(0);
    for (const r of util.engineers as {
      engineerId: string;
      from: string;
      billableHours: number;
      availableHours: number;
    }[]) {
      const row = page.locator(`#utilisation tr[data-engineer="${r.engineerId}"][data-week="${r.from}"]`);
      expect(await text(row.locator('[data-field="billableHours"]'))).toBe(r.billableHours.toFixed(1));
      expect(await text(row.locator('[data-field="availableHours"]'))).toBe(r.availableHours.toFixed(1));
    }
    const profit = await api(
      'director',
      'GET',
      `/reports/profitability?from=${DEMO_FORTNIGHT_START}&to=${DEMO_FORTNIGHT_START}`,
    );
    const customers = profit.customers as { customerId: string; margin: number; revenue: number }[];
    expect(customers.length).toBeGreaterThan(0);
    for (const c of customers) {
      const row = page.locator(`#margins tr[data-customer="${c.customerId}"]`);
      expect(Number(await row.locator('[data-field="margin"]').getAttribute('data-value'))).toBe(c.margin);
      expect(Number(await row.locator('[data-field="revenue"]').getAttribute('data-value'))).toBe(c.revenue);
    }
    expect(await page.locator('svg#utilisation-chart rect').count()).toBe(util.engineers.length);
    // The plan and the desk side by side, as the overview report has them.
    const overview = await api('director', 'GET', `/reports/overview?fortnightStart=${DEMO_FORTNIGHT_START}`);
    for (const w of overview.weeks as {
      period: string;
      from: string;
      billableHours: number | null;
      deskRequiredHours: number;
    }[]) {
      const row = page.locator(`#overview tr[data-period="${w.period}"][data-from="${w.from}"]`);
      expect(await text(row.locator('[data-field="billableHours"]'))).toBe(
        w.billableHours === null ? '–' : w.billableHours.toFixed(1),
      );
      expect(await text(row.locator('[data-field="deskRequiredHours"]'))).toBe(
        w.deskRequiredHours.toFixed(1),
      );
    }
    await shot(page, 'director-dashboard');
  });

  it('shows the desk coverage as the rostering report does', async () => {
    const page = await signInWithToken('rep');
    await page.goto(`${demo.baseUrl}/ui/coverage`);
    // With no day chosen it opens on a rostered day: today's, or the nearest published roster's.
    expect(await text(page.locator('#coverage-roster'))).toMatch(/^roster /);
    await page.goto(`${demo.baseUrl}/ui/coverage?date=${DEMO_ROSTER_START}`);
    const report = await api(
      'rep',
      'GET',
      `/reports/rostering?from=${DEMO_ROSTER_START}&to=${DEMO_ROSTER_START}`,
    );
    const channels = report.channels as {
      channel: string;
      requiredHours: number;
      rosteredHours: number | null;
    }[];
    expect(channels.length).toBeGreaterThan(0);
    for (const c of channels) {
      const row = page.locator(`#day tr[data-channel="${c.channel}"]`);
      expect(await text(row.locator('[data-field="requiredHours"]'))).toBe(c.requiredHours.toFixed(1));
      expect(await text(row.locator('[data-field="rosteredHours"]'))).toBe(
        c.rosteredHours === null ? '–' : c.rosteredHours.toFixed(1),
      );
    }
    const coverage = await api('rep', 'GET', `/reports/coverage?date=${DEMO_ROSTER_START}`);
    const busy = (
      coverage.pooled as { start: string; requiredAgents: number; onDutyAgents: number | null }[]
    ).filter((p) => p.requiredAgents > 0 || (p.onDutyAgents ?? 0) > 0);
    expect(await page.locator('#intervals tbody tr').count()).toBe(busy.length);
    for (const p of busy.slice(0, 10)) {
      const row = page.locator(`#intervals tr[data-start="${p.start}"]`);
      expect(Number(await text(row.locator('[data-field="required"]')))).toBe(p.requiredAgents);
    }
    await shot(page, 'rep-coverage');
  });

  it('keeps each role to its own pages', async () => {
    const refusals: [string, string][] = [
      ['agent', '/ui/plan'],
      ['agent', '/ui/my-schedule'],
      ['engineer', '/ui/dashboard'],
      ['engineer', '/ui/my-shifts'],
      ['rep', '/ui/dashboard'],
      ['director', '/ui/my-shifts'],
    ];
    for (const [role, url] of refusals) {
      const page = await signInWithToken(role, true);
      const res = await page.goto(`${demo.baseUrl}${url}`);
      expect(res?.status()).toBe(403);
      expect(await page.locator('#forbidden').count()).toBe(1);
    }
  });

  it('signs out, and the old session no longer opens pages', async () => {
    const page = await signInWithToken('director');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/ui\/sign-in/);
    await page.goto(`${demo.baseUrl}/ui/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  });

  it('logged no console errors on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
