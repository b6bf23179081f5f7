import type { Actor } from '../../src/domain/actor';
import { ConflictError } from '../../src/domain/errors';
import { createResourceServices } from '../../src/services/resources';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const admin: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  name: 'admin',
  role: 'admin',
  engineerId: null,
  agentId: null,
};

/** The same repository behaviour on the real server (DATABASE_URL) and on embedded PGlite. */
describe.each(['auto', 'pglite'] as const)('repositories on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates, ranks, updates with optimistic locking and deletes', async () => {
    const s = createResourceServices(t.db);
    const customer = await s.customers.create(admin, {
      name: `Acme ${kind}`,
      subscriptionHoursPerFortnight: 40,
      hourlyRate: 95,
      reviewWeekday: 2,
    });
    const item = (title: string, rank?: number) => ({
      customerId: customer.id,
      title,
      kind: 'feature',
      estimateLowHours: 2,
      estimateHighHours: 6,
      ...(rank ? { rank } : {}),
    });
    const a = await s.roadmapItems.create(admin, item('A'));
    const b = await s.roadmapItems.create(admin, item('B'));
    const c = await s.roadmapItems.create(admin, item('C', 1));
    const ranks = async () =>
      (await s.roadmapItems.list(admin, { customerId: customer.id }, 50, 0)).items.map(
        (i) => `${i.title as string}${i.rank as number}`,
      );
    expect(await ranks()).toEqual(['C1', 'A2', 'B3']);
    const bNow = await s.roadmapItems.get(admin, b.id as string);
    await s.roadmapItems.update(admin, b.id as string, { rank: 1 }, bNow.version as number);
    expect(await ranks()).toEqual(['B1', 'C2', 'A3']);
    await expect(s.roadmapItems.update(admin, b.id as string, { rank: 3 }, 1)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await s.roadmapItems.remove(admin, c.id as string, undefined);
    expect(await ranks()).toEqual(['B1', 'A2']);
    expect(a.id).toBeDefined();
  });
});
