import type { Response } from 'supertest';
import type { TestApp } from '../helpers/app';

/** Shared payloads and assertions for the API tests (not a test file itself). */

export const UNKNOWN_ID = '6f1c1c5e-7f43-4c8e-9a55-3e2d1c0b9a88';

let counter = 0;
/** A short unique suffix so records with unique names/emails never collide between tests. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function customerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: unique('Customer'),
    subscriptionHoursPerFortnight: 40,
    feePerFortnight: 4000,
    hourlyRate: 95,
    reviewWeekday: 3,
    ...overrides,
  };
}

export function engineerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Eli Engineer',
    email: `${unique('eng')}@example.com`,
    timeZone: 'Europe/London',
    pattern: [
      { weekday: 1, start: '09:00', end: '17:00', breakMinutes: 60 },
      { weekday: 2, start: '09:00', end: '17:00', breakMinutes: 60 },
    ],
    skills: ['typescript'],
    costRate: 55,
    ...overrides,
  };
}

export function agentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ada Agent',
    email: `${unique('agent')}@example.com`,
    timeZone: 'Europe/London',
    minHoursPerWeek: 20,
    maxHoursPerWeek: 37.5,
    channels: ['phone', 'chat'],
    ...overrides,
  };
}

export function itemBody(
  customerId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    customerId,
    title: unique('Item'),
    kind: 'feature',
    estimateLowHours: 4,
    estimateLikelyHours: 6,
    estimateHighHours: 10,
    ...overrides,
  };
}

/** The field paths of a problem+json answer. */
export function paths(res: Response): string[] {
  return ((res.body as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);
}

/** Asserts the answer is problem+json with the given status and code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(Array.isArray(res.body.errors)).toBe(true);
}

export async function createCustomer(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/customers').set(t.as('admin')).send(customerBody(overrides)).expect(201);
  return res.body.id as string;
}

export async function createEngineer(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/engineers').set(t.as('admin')).send(engineerBody(overrides)).expect(201);
  return res.body.id as string;
}

export async function createAgent(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/agents').set(t.as('admin')).send(agentBody(overrides)).expect(201);
  return res.body.id as string;
}

export async function createItem(
  t: TestApp,
  customerId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; rank: number; version: number }> {
  const res = await t.http
    .post('/roadmap-items')
    .set(t.as('rep'))
    .send(itemBody(customerId, overrides))
    .expect(201);
  return res.body as { id: string; rank: number; version: number };
}

export interface RankedItem {
  id: string;
  rank: number;
  version: number;
  title: string;
}

/** One customer's roadmap in rank order. */
export async function roadmap(t: TestApp, customerId: string): Promise<RankedItem[]> {
  const res = await t.http
    .get(`/roadmap-items?customerId=${customerId}&limit=500`)
    .set(t.as('admin'))
    .expect(200);
  return res.body.items as RankedItem[];
}
