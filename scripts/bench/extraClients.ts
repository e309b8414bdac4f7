// N more Socket.IO clients on loopback: do they all end at the final version, without resyncs?
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/events';
import { percentile } from './stats';
import { wallNow } from './pushLatency';

export interface ClientsStats {
  clients: number;
  /** Clients whose last version equals the final one. */
  atFinal: number;
  /** Deltas whose `from` did not follow the client's version (each would make a browser resync). */
  gaps: number;
  latencyP99Ms: number;
}

export interface ExtraClients {
  finish: (finalVersion: number, timeoutMs?: number) => Promise<ClientsStats>;
}

export async function connectExtraClients(baseUrl: string, n: number): Promise<ExtraClients> {
  const versions = new Array<number>(n).fill(-1);
  const latencies: number[] = [];
  let gaps = 0;
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  // Connect in batches so the handshakes do not all land in one instant.
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, (_, j) => {
      const k = i + j;
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      s.on('tally:delta', (d) => {
        // Sample latencies (every 10th client) to keep the bench's own CPU small.
        if (k % 10 === 0) latencies.push(wallNow() - Date.parse(d.updatedAt));
        if (d.from !== versions[k] && d.to > versions[k]) gaps++;
        versions[k] = Math.max(versions[k], d.to);
      });
      return new Promise<void>((resolve, reject) => {
        s.once('tally:snapshot', (snap) => {
          versions[k] = snap.version;
          resolve();
        });
        s.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  return {
    finish: async (finalVersion, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (versions.some((v) => v < finalVersion) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      for (const s of sockets) s.close();
      return { clients: n, atFinal: versions.filter((v) => v === finalVersion).length, gaps, latencyP99Ms: percentile(latencies, 0.99) };
    },
  };
}
