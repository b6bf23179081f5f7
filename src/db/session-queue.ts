import type { PGlite } from '@electric-sql/pglite';

interface Queued {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

/**
 * The status byte of the last ReadyForQuery in a run of backend messages, or null if none.
 * Exported for tests.
 */
export function lastReadyStatus(chunks: readonly Uint8Array[]): number | null {
  const size = chunks.reduce((s, c) => s + c.length, 0);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
  let status: number | null = null;
  for (let i = 0; i + 5 <= all.length;) {
    const length = view.getInt32(i + 1);
    if (length < 4) break;
    if (all[i] === READY_FOR_QUERY && i + 5 < all.length) status = all[i + 5]!;
    i += 1 + length;
  }
  return status;
}

/**
 * One PGlite session shared by many wire connections, handed to one connection at a time: a
 * connection keeps it from its first message until PGlite answers it ReadyForQuery with status
 * idle — so the messages of an extended-protocol query (Parse … Sync) and of a whole transaction
 * never interleave with another connection's.
 *
 * Why not pglite-socket's own queue: it only keeps a connection's turn while PGlite says it is
 * in a transaction, so between one connection's Parse and its Bind another connection's Parse
 * could replace the unnamed statement, or its statements land inside the first one's implicit
 * transaction. Measured: with a plan and a roster solving at once, committed rows vanished.
 * Drop-in for pglite-socket's QueryQueueManager (same methods).
 */
export class SessionQueue {
  private queue: Queued[] = [];
  private processing = false;
  /** The connection that holds the session (mid-query or in a transaction), if any. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((q) => q.handlerId === this.owner);
        if (index < 0 || this.queue.length === 0) break;
        const item = this.queue.splice(index, 1)[0]!;
        this.owner = item.handlerId;
        const out: Uint8Array[] = [];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                out.push(data.slice());
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          if (!this.db.isInTransaction()) this.owner = null;
          item.reject(err);
          continue;
        }
        if (lastReadyStatus(out) === IDLE) this.owner = null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection that went away while holding the session gives it back (rolling back). */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.processQueue();
  }
}
