import { Client } from 'pg';
import { CustomerEntity } from '../../src/db/entities';
import { lastReadyStatus } from '../../src/db/session-queue';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Regression: with one shared PGlite connection (typeorm-pglite), a rollback in one request
 * silently undid another request's committed write. Through pglite-socket every connection's
 * transaction is queued whole, so concurrent transactions stay isolated.
 */
describe('embedded PostgreSQL keeps concurrent transactions isolated', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await t.close();
  });

  const customer = (name: string) => ({
    name,
    subscriptionHoursPerFortnight: 10,
    feePerFortnight: 100,
    reviewWeekday: 1,
  });

  it('a rollback in one transaction does not undo another committed one', async () => {
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const jobs = Array.from({ length: 12 }, (_, i) =>
      t.db
        .transaction(async (m) => {
          await m.insert(CustomerEntity, customer(`c${i}`));
          await pause(5 + (i % 3) * 5);
          if (i % 2 === 1) throw new Error('roll back');
        })
        .then(
          () => 'committed',
          () => 'rolled back',
        ),
    );
    const outcomes = await Promise.all(jobs);
    expect(outcomes.filter((o) => o === 'committed')).toHaveLength(6);
    const names = (await t.db.getRepository(CustomerEntity).find()).map((c) => c.name).sort();
    expect(names).toEqual(['c0', 'c10', 'c2', 'c4', 'c6', 'c8']);
  });

  it('an uncommitted write is invisible to other connections', async () => {
    let seenInside = -1;
    await t.db
      .transaction(async (m) => {
        await m.insert(CustomerEntity, customer('pending'));
        seenInside = await m.count(CustomerEntity, { where: { name: 'pending' } });
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(seenInside).toBe(1);
    expect(await t.db.getRepository(CustomerEntity).count({ where: { name: 'pending' } })).toBe(0);
  });

  it('never interleaves one connection’s parameterised queries with another’s', async () => {
    // Regression: pglite-socket's own queue let a connection's Parse replace another's unnamed
    // statement between its Parse and Bind; with a plan and a roster solving at once, committed
    // rows vanished. Sixteen connections each ask for their own number a hundred times at once.
    const clients = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const c = new Client({ connectionString: t.url });
        await c.connect();
        return c;
      }),
    );
    try {
      const wrong: string[] = [];
      await Promise.all(
        clients.map(async (c, i) => {
          for (let k = 0; k < 100; k++) {
            const r = await c.query('SELECT $1::int AS v, $2::text AS w', [i * 1000 + k, `c${i}`]);
            if (r.rows[0]?.v !== i * 1000 + k || r.rows[0]?.w !== `c${i}`)
              wrong.push(`${i}/${k}: ${JSON.stringify(r.rows[0])}`);
          }
        }),
      );
      expect(wrong).toEqual([]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

it('keeps every acknowledged write when slow queries and failing writes run at once', async () => {
  const t2 = await createTestDatabase('pglite');
  const admin = new Client({ connectionString: t2.url });
  await admin.connect();
  await admin.query('CREATE TABLE probe (v int PRIMARY KEY CHECK (v % 5 <> 0))');
  const clients = await Promise.all(
    Array.from({ length: 12 }, async () => {
      const c = new Client({ connectionString: t2.url });
      await c.connect();
      return c;
    }),
  );
  try {
    const acknowledged: number[] = [];
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < 30; k++) {
          if (i % 3 === 0) {
            await c.query('SELECT $1::int AS v, pg_sleep(0.005)', [k]);
            continue;
          }
          const v = i * 1000 + k;
          // Every fifth value breaks the CHECK: a failing statement amid the others.
          await c.query('INSERT INTO probe (v) VALUES ($1)', [v]).then(
            () => acknowledged.push(v),
            () => undefined,
          );
        }
      }),
    );
    const stored = (await admin.query('SELECT v FROM probe ORDER BY v')).rows.map((r: { v: number }) => r.v);
    expect(stored).toEqual([...acknowledged].sort((a, b) => a - b));
    expect(stored.every((v: number) => v % 5 !== 0)).toBe(true);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    await admin.end();
    await t2.close();
  }
});

describe('lastReadyStatus', () => {
  const msg = (type: string, body: number[]) => {
    const out = new Uint8Array(5 + body.length);
    out[0] = type.charCodeAt(0);
    new DataView(out.buffer).setInt32(1, 4 + body.length);
    out.set(body, 5);
    return out;
  };
  it('reads the status of the last ReadyForQuery, across chunks', () => {
    const z = (s: string) => msg('Z', [s.charCodeAt(0)]);
    expect(lastReadyStatus([msg('1', []), msg('2', [])])).toBeNull();
    expect(lastReadyStatus([msg('C', [65, 0]), z('T')])).toBe('T'.charCodeAt(0));
    expect(lastReadyStatus([z('T'), msg('C', [65, 0]), z('I')])).toBe('I'.charCodeAt(0));
  });
});
