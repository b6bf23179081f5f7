import net from 'node:net';

/**
 * How a paused proxy fails, each one a way a real database goes away:
 * - `refuse`: nothing listens on the port (server stopped): connects get ECONNREFUSED;
 * - `reset`: connects are accepted and reset at once (a crashing server, a restarting pod);
 * - `blackhole`: connects are accepted and never answered (a network partition): only the
 *   client's own timeouts end them.
 * In every mode the connections that were open when the proxy paused are destroyed.
 */
export type FaultMode = 'refuse' | 'reset' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  /** `url` (a postgres:// URL) with its host and port replaced by this proxy's. */
  via(url: string): string;
  pause(mode?: FaultMode): Promise<void>;
  /**
   * Arms a trip wire: the first time a client sends bytes containing `needle` (e.g. the text of
   * one SQL statement), the proxy pauses in `mode` *without forwarding them*, so the server saw
   * everything before that statement and never the statement itself. Resolves once tripped.
   */
  pauseWhenSent(needle: string, mode?: FaultMode): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy that can be paused and resumed, so one test can take "the database"
 * away from its own app without stopping the PostgreSQL server other test files share.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  /** Connections accepted by a blackhole: never served, dropped on resume. */
  const held = new Set<net.Socket>();
  let mode: FaultMode | null = null;
  let wire: { needle: Buffer; mode: FaultMode; tripped: () => void } | null = null;

  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    // A peer going away mid-stream is expected here; the other side is torn down with it.
    socket.on('error', () => socket.destroy());
  };

  const onConnection = (client: net.Socket) => {
    track(client);
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      // Held open, read by nobody, answered never.
      held.add(client);
      client.on('close', () => held.delete(client));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    // The tail of what came before, so a needle split across two chunks is still seen.
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      const armed = wire;
      if (armed) {
        const seen = Buffer.concat([tail, chunk]);
        if (seen.includes(armed.needle)) {
          wire = null;
          void pause(armed.mode).then(armed.tripped);
          return;
        }
        tail = seen.subarray(Math.max(0, seen.length - armed.needle.length + 1));
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };

  let server = net.createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  const destroyAll = () => {
    for (const socket of open) socket.destroy();
  };

  const pause = async (next: FaultMode) => {
    mode = next;
    if (next === 'refuse') {
      // close() waits for open connections, so they go first.
      const closed = stopListening();
      destroyAll();
      await closed;
    } else {
      destroyAll();
    }
  };

  const port = await listen(0);
  return {
    port,
    via(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    pause: (next: FaultMode = 'refuse') => pause(next),
    pauseWhenSent(needle: string, next: FaultMode = 'refuse') {
      return new Promise<void>((tripped) => {
        wire = { needle: Buffer.from(needle), mode: next, tripped };
      });
    },
    async resume() {
      // Connections held by a blackhole were never served; their clients have given up on them.
      for (const socket of held) socket.destroy();
      mode = null;
      if (!server.listening) {
        // The same port again: the app's pool keeps the URL it was given.
        server = net.createServer(onConnection);
        await listen(port);
      }
    },
    async close() {
      wire = null;
      mode = 'refuse';
      const closed = stopListening();
      destroyAll();
      await closed;
    },
  };
}
