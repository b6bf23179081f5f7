import { startTestApp, type TestApp } from '../helpers/app';
import {
  createCustomer,
  createItem,
  expectProblem,
  itemBody,
  paths,
  roadmap,
  UNKNOWN_ID,
  type RankedItem,
} from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const ranks = (items: RankedItem[]) => items.map((i) => i.rank);
const titles = (items: RankedItem[]) => items.map((i) => i.title);
const byId = (items: RankedItem[], id: string) => items.find((i) => i.id === id)!;

/** A roadmap of `n` items titled A, B, C… at ranks 1..n. */
async function seedRoadmap(n: number): Promise<{ customerId: string; items: RankedItem[] }> {
  const customerId = await createCustomer(t);
  for (let i = 0; i < n; i++) await createItem(t, customerId, { title: String.fromCharCode(65 + i) });
  return { customerId, items: await roadmap(t, customerId) };
}

describe('roadmap items', () => {
  it('creates, reads, updates and deletes', async () => {
    const customerId = await createCustomer(t);
    const created = await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send(itemBody(customerId, { title: 'Checkout', skills: ['react'], dueDate: '2026-03-31' }))
      .expect(201);
    expect(created.body).toMatchObject({
      customerId,
      title: 'Checkout',
      rank: 1,
      version: 1,
      status: 'backlog',
      billable: true,
      dependsOn: [],
      estimateLowHours: 4,
      estimateHighHours: 10,
      dueDate: '2026-03-31',
    });
    const id = created.body.id as string;
    const read = await t.http.get(`/roadmap-items/${id}`).set(t.as('engineer')).expect(200);
    expect(read.body.title).toBe('Checkout');
    const patched = await t.http
      .patch(`/roadmap-items/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, status: 'planned', estimateHighHours: 12 })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, status: 'planned', estimateHighHours: 12, rank: 1 });
    const list = await t.http.get(`/roadmap-items?customerId=${customerId}&status=planned`).set(t.as('rep'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    await t.http.delete(`/roadmap-items/${id}`).set(t.as('rep')).expect(204);
    await t.http.get(`/roadmap-items/${id}`).set(t.as('rep')).expect(404);
  });

  it('rejects bad input with field paths', async () => {
    const customerId = await createCustomer(t);
    const res = await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send(
        itemBody(customerId, {
          title: ' ',
          kind: 'epic',
          estimateLowHours: 10,
          estimateLikelyHours: 20,
          estimateHighHours: 5,
          dependsOn: ['not-a-uuid'],
          dueDate: '2026-02-30',
          rank: 0,
        }),
      );
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.title', 'body.kind', 'body.dependsOn[0]', 'body.dueDate', 'body.rank']),
    );
    const range = await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send(itemBody(customerId, { estimateLowHours: 10, estimateLikelyHours: 20, estimateHighHours: 5 }));
    expectProblem(range, 422, 'validation_failed');
    expect(paths(range)).toEqual(
      expect.arrayContaining(['body.estimateHighHours', 'body.estimateLikelyHours']),
    );
    const unknownCustomer = await t.http.post('/roadmap-items').set(t.as('rep')).send(itemBody(UNKNOWN_ID));
    expectProblem(unknownCustomer, 422, 'validation_failed');
    expect(paths(unknownCustomer)).toEqual(['body.customerId']);
    expect(await roadmap(t, customerId)).toEqual([]);
  });

  it('answers 404 for unknown ids and 409 for a stale version', async () => {
    await t.http.get(`/roadmap-items/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);
    await t.http
      .patch(`/roadmap-items/${UNKNOWN_ID}`)
      .set(t.as('rep'))
      .send({ version: 1, title: 'x' })
      .expect(404);
    await t.http.delete(`/roadmap-items/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);

    const customerId = await createCustomer(t);
    const item = await createItem(t, customerId);
    await t.http
      .patch(`/roadmap-items/${item.id}`)
      .set(t.as('rep'))
      .send({ version: 1, title: 'First' })
      .expect(200);
    const stale = await t.http
      .patch(`/roadmap-items/${item.id}`)
      .set(t.as('rep'))
      .send({ version: 1, title: 'Second' });
    expectProblem(stale, 409, 'stale_version');
    expect(paths(stale)).toEqual(['body.version']);
    const now = await t.http.get(`/roadmap-items/${item.id}`).set(t.as('rep')).expect(200);
    expect(now.body).toMatchObject({ title: 'First', version: 2 });
  });

  it('lets only admins and reps write, and hides roadmaps from agents', async () => {
    const customerId = await createCustomer(t);
    const item = await createItem(t, customerId);
    for (const role of ['director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http.post('/roadmap-items').set(t.as(role)).send(itemBody(customerId)),
        403,
        'role_not_allowed',
      );
      await t.http
        .patch(`/roadmap-items/${item.id}`)
        .set(t.as(role))
        .send({ version: 1, rank: 1 })
        .expect(403);
      await t.http.delete(`/roadmap-items/${item.id}`).set(t.as(role)).expect(403);
    }
    await t.http.get('/roadmap-items').set(t.as('agent')).expect(403);
    await t.http.get('/roadmap-items').set(t.as('director')).expect(200);
    await t.http.get('/roadmap-items').set(t.as('engineer')).expect(200);
  });

  it('appends without a rank and inserts at a rank, renumbering without gaps', async () => {
    const { customerId, items } = await seedRoadmap(3);
    expect(ranks(items)).toEqual([1, 2, 3]);
    expect(titles(items)).toEqual(['A', 'B', 'C']);

    const inserted = await createItem(t, customerId, { title: 'X', rank: 2 });
    expect(inserted.rank).toBe(2);
    let now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['A', 'X', 'B', 'C']);
    expect(ranks(now)).toEqual([1, 2, 3, 4]);
    // The items that moved down had their versions bumped; the one above did not.
    expect(byId(now, items[0]!.id).version).toBe(1);
    expect(byId(now, items[1]!.id).version).toBe(2);
    expect(byId(now, items[2]!.id).version).toBe(2);

    const top = await createItem(t, customerId, { title: 'Top', rank: 1 });
    expect(top.rank).toBe(1);
    // A rank beyond the end is clamped to the end.
    const far = await createItem(t, customerId, { title: 'Far', rank: 999 });
    expect(far.rank).toBe(6);
    now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['Top', 'A', 'X', 'B', 'C', 'Far']);
    expect(ranks(now)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps each customer roadmap numbered on its own', async () => {
    const one = await seedRoadmap(2);
    const two = await seedRoadmap(1);
    expect(ranks(one.items)).toEqual([1, 2]);
    expect(ranks(two.items)).toEqual([1]);
  });

  it('moves an item up, renumbering the others in one go', async () => {
    const { customerId, items } = await seedRoadmap(5);
    const [a, b, c, d, e] = items as [RankedItem, RankedItem, RankedItem, RankedItem, RankedItem];
    const moved = await t.http
      .patch(`/roadmap-items/${d.id}`)
      .set(t.as('rep'))
      .send({ version: d.version, rank: 2 })
      .expect(200);
    expect(moved.body).toMatchObject({ rank: 2, version: d.version + 1 });
    const now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['A', 'D', 'B', 'C', 'E']);
    expect(ranks(now)).toEqual([1, 2, 3, 4, 5]);
    expect(byId(now, a.id).version).toBe(a.version);
    expect(byId(now, b.id).version).toBe(b.version + 1);
    expect(byId(now, c.id).version).toBe(c.version + 1);
    expect(byId(now, e.id).version).toBe(e.version);

    // A client holding the old version of a neighbour that moved gets 409.
    const stale = await t.http
      .patch(`/roadmap-items/${b.id}`)
      .set(t.as('rep'))
      .send({ version: b.version, rank: 1 });
    expectProblem(stale, 409, 'stale_version');
  });

  it('moves an item down, renumbering the others', async () => {
    const { customerId, items } = await seedRoadmap(5);
    const [a, b, c, d, e] = items as [RankedItem, RankedItem, RankedItem, RankedItem, RankedItem];
    await t.http
      .patch(`/roadmap-items/${b.id}`)
      .set(t.as('rep'))
      .send({ version: b.version, rank: 4 })
      .expect(200);
    let now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['A', 'C', 'D', 'B', 'E']);
    expect(ranks(now)).toEqual([1, 2, 3, 4, 5]);
    expect(byId(now, a.id).version).toBe(a.version);
    expect(byId(now, c.id).version).toBe(c.version + 1);
    expect(byId(now, d.id).version).toBe(d.version + 1);
    expect(byId(now, e.id).version).toBe(e.version);

    // To the very end (clamped) and back to the top.
    const movedA = byId(now, a.id);
    await t.http
      .patch(`/roadmap-items/${a.id}`)
      .set(t.as('rep'))
      .send({ version: movedA.version, rank: 100 })
      .expect(200);
    now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['C', 'D', 'B', 'E', 'A']);
    expect(ranks(now)).toEqual([1, 2, 3, 4, 5]);
    const lastA = byId(now, a.id);
    await t.http
      .patch(`/roadmap-items/${a.id}`)
      .set(t.as('rep'))
      .send({ version: lastA.version, rank: 1 })
      .expect(200);
    now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['A', 'C', 'D', 'B', 'E']);
    expect(ranks(now)).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves ranks alone when a PATCH does not touch the rank', async () => {
    const { customerId, items } = await seedRoadmap(3);
    const b = items[1]!;
    await t.http
      .patch(`/roadmap-items/${b.id}`)
      .set(t.as('rep'))
      .send({ version: b.version, title: 'B2' })
      .expect(200);
    const now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['A', 'B2', 'C']);
    expect(now.map((i) => i.version)).toEqual([1, 2, 1]);
  });

  it('closes the gap when an item is deleted', async () => {
    const { customerId, items } = await seedRoadmap(4);
    const [a, b, c, d] = items as [RankedItem, RankedItem, RankedItem, RankedItem];
    await t.http.delete(`/roadmap-items/${b.id}?version=${b.version}`).set(t.as('rep')).expect(204);
    const now = await roadmap(t, customerId);
    expect(titles(now)).toEqual(['A', 'C', 'D']);
    expect(ranks(now)).toEqual([1, 2, 3]);
    expect(byId(now, a.id).version).toBe(a.version);
    expect(byId(now, c.id).version).toBe(c.version + 1);
    expect(byId(now, d.id).version).toBe(d.version + 1);
  });

  it('moves an item to another customer, closing the gap and inserting at the rank asked for', async () => {
    const from = await seedRoadmap(3);
    const to = await seedRoadmap(3);
    const b = from.items[1]!;
    const moved = await t.http
      .patch(`/roadmap-items/${b.id}`)
      .set(t.as('rep'))
      .send({ version: b.version, customerId: to.customerId, rank: 1 })
      .expect(200);
    expect(moved.body).toMatchObject({ customerId: to.customerId, rank: 1 });
    const left = await roadmap(t, from.customerId);
    expect(titles(left)).toEqual(['A', 'C']);
    expect(ranks(left)).toEqual([1, 2]);
    const right = await roadmap(t, to.customerId);
    expect(right.map((i) => i.id)).toEqual([b.id, ...to.items.map((i) => i.id)]);
    expect(ranks(right)).toEqual([1, 2, 3, 4]);
  });

  it('moves an item to another customer without a rank and keeps both roadmaps gapless', async () => {
    const from = await seedRoadmap(2);
    const to = await seedRoadmap(3);
    const a = from.items[0]!;
    const moved = await t.http
      .patch(`/roadmap-items/${a.id}`)
      .set(t.as('rep'))
      .send({ version: a.version, customerId: to.customerId })
      .expect(200);
    expect(moved.body.customerId).toBe(to.customerId);
    expect(ranks(await roadmap(t, from.customerId))).toEqual([1]);
    const right = await roadmap(t, to.customerId);
    expect(ranks(right)).toEqual([1, 2, 3, 4]);
    expect(right.map((i) => i.id)).toContain(a.id);
  });

  it('refuses a move to an unknown customer', async () => {
    const { customerId, items } = await seedRoadmap(2);
    const res = await t.http
      .patch(`/roadmap-items/${items[0]!.id}`)
      .set(t.as('rep'))
      .send({ version: 1, customerId: UNKNOWN_ID });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body.customerId']);
    expect(titles(await roadmap(t, customerId))).toEqual(['A', 'B']);
  });

  it('checks dependencies: unknown item, itself and cycles', async () => {
    const { customerId, items } = await seedRoadmap(3);
    const [a, b, c] = items as [RankedItem, RankedItem, RankedItem];

    const unknown = await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send(itemBody(customerId, { dependsOn: [a.id, UNKNOWN_ID] }));
    expectProblem(unknown, 422, 'validation_failed');
    expect(paths(unknown)).toEqual(['body.dependsOn[1]']);
    const unknownFirst = await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send(itemBody(customerId, { dependsOn: [UNKNOWN_ID] }));
    expectProblem(unknownFirst, 422, 'validation_failed');
    expect(paths(unknownFirst)).toEqual(['body.dependsOn[0]']);
    // A refused insert leaves the roadmap untouched.
    expect(ranks(await roadmap(t, customerId))).toEqual([1, 2, 3]);

    const self = await t.http
      .patch(`/roadmap-items/${a.id}`)
      .set(t.as('rep'))
      .send({ version: a.version, dependsOn: [a.id] });
    expectProblem(self, 422, 'validation_failed');
    expect(paths(self)).toEqual(['body.dependsOn[0]']);

    // c → b → a is fine…
    const bDeps = await t.http
      .patch(`/roadmap-items/${b.id}`)
      .set(t.as('rep'))
      .send({ version: b.version, dependsOn: [a.id] })
      .expect(200);
    expect(bDeps.body.dependsOn).toEqual([a.id]);
    await t.http
      .patch(`/roadmap-items/${c.id}`)
      .set(t.as('rep'))
      .send({ version: c.version, dependsOn: [b.id] })
      .expect(200);
    // …but a → c closes a cycle.
    const cycle = await t.http
      .patch(`/roadmap-items/${a.id}`)
      .set(t.as('rep'))
      .send({ version: a.version, dependsOn: [c.id] });
    expectProblem(cycle, 422, 'validation_failed');
    expect(paths(cycle)).toEqual(['body.dependsOn']);
    const stillA = await t.http.get(`/roadmap-items/${a.id}`).set(t.as('rep')).expect(200);
    expect(stillA.body).toMatchObject({ dependsOn: [], version: a.version });
  });

  it('serialises concurrent moves on one roadmap: each 200 or 409, ranks stay a permutation of 1..n', async () => {
    const n = 6;
    const { customerId, items } = await seedRoadmap(n);
    const targets = [6, 1, 4, 2, 5, 3];
    const answers = await Promise.all(
      items.map((item, i) =>
        t.http
          .patch(`/roadmap-items/${item.id}`)
          .set(t.as('rep'))
          .send({ version: item.version, rank: targets[i] }),
      ),
    );
    for (const res of answers) expect([200, 409]).toContain(res.status);
    expect(answers.some((r) => r.status === 200)).toBe(true);
    const now = await roadmap(t, customerId);
    expect(now).toHaveLength(n);
    expect([...ranks(now)].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(now.map((i) => i.id))).toEqual(new Set(items.map((i) => i.id)));
  });

  it('serialises concurrent inserts on one roadmap', async () => {
    const { customerId } = await seedRoadmap(2);
    const answers = await Promise.all(
      [1, 2, 1, 3, 2].map((rank, i) =>
        t.http
          .post('/roadmap-items')
          .set(t.as('rep'))
          .send(itemBody(customerId, { title: `P${i}`, rank })),
      ),
    );
    for (const res of answers) expect([201, 409]).toContain(res.status);
    const created = answers.filter((r) => r.status === 201).length;
    const now = await roadmap(t, customerId);
    expect(now).toHaveLength(2 + created);
    expect(ranks(now)).toEqual(Array.from({ length: 2 + created }, (_, i) => i + 1));
  });

  it('keeps ranks gapless when deletes race with inserts on one roadmap', async () => {
    const { customerId, items } = await seedRoadmap(4);
    const answers = await Promise.all([
      t.http.delete(`/roadmap-items/${items[0]!.id}`).set(t.as('rep')),
      t.http.post('/roadmap-items').set(t.as('rep')).send(itemBody(customerId)),
      t.http.delete(`/roadmap-items/${items[2]!.id}`).set(t.as('rep')),
      t.http.post('/roadmap-items').set(t.as('rep')).send(itemBody(customerId)),
    ]);
    expect([204, 409]).toContain(answers[0]!.status);
    expect([201, 409]).toContain(answers[1]!.status);
    expect([204, 409]).toContain(answers[2]!.status);
    expect([201, 409]).toContain(answers[3]!.status);
    const now = await roadmap(t, customerId);
    expect(ranks(now)).toEqual(Array.from({ length: now.length }, (_, i) => i + 1));
  });
});
