import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { SessionQueue } from './session-queue';

const MAX_CONNECTIONS = 32;

export interface EmbeddedDatabase {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite persisted in `dataDir` and serves it on loopback with the PostgreSQL wire
 * protocol, so TypeORM and pg-boss use the ordinary `pg` driver. pglite-socket's connection
 * handlers speak the protocol; our {@link SessionQueue} hands PGlite's one session to one
 * connection at a time, from its first message until it is idle again, which keeps queries and
 * transactions of different connections from interleaving.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { uuid_ossp } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    if (handlers.size >= MAX_CONNECTIONS) {
      socket.end('Too many connections\n');
      return;
    }
    // The handler only needs the queue's enqueue/clear methods, which SessionQueue provides.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `postgres://postgres:postgres@127.0.0.1:${actualPort}/postgres`,
    async stop() {
      for (const h of handlers) await h.detach(true);
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
