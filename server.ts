// Web node: Next.js request handler + Socket.IO on one port, and the relay that turns committed tally deltas
// (from Redis) into coalesced pushes to this node's browsers. Wiring only; the logic lives in lib/.
import 'dotenv/config';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import next from 'next';
import { Server } from 'socket.io';
import { hasRole } from './lib/auth/roles';
import { SESSION_COOKIE, getSession, readCookie } from './lib/auth/session';
import { disconnectPrisma } from './lib/db';
import type { ClientToServerEvents, ContestInfo, ServerToClientEvents, StationsReporting, UploadProgress } from './lib/events';
import { LatestByKey } from './lib/live/latestByKey';
import { StatusChanges } from './lib/live/statusChanges';
import { clientAddress } from './lib/http/clientAddress';
import { DeltaRelay } from './lib/live/deltaRelay';
import { sessionRoom, userRoom, useSocketServer } from './lib/live/sessionSockets';
import { log } from './lib/log';
import { bindNodeGauges, countResultsRequest, observeDeltaLag } from './lib/ops/metrics';
import { isOpsRequest, markShuttingDown, serveOps } from './lib/ops/serveOps';
import { isResultsRequest, serveResults } from './lib/results/serveResults';
import { getResultsStatus } from './lib/results/resultsStatus';
import { listContests, MAX_CONTEST_NAME } from './lib/results/contests';
import { hasStations, stationsReporting } from './lib/results/stationsReporting';
import type { ResultsStatusValue } from './lib/results/resultsStatusValues';
import { ParsePool } from './lib/uploads/parsePool';
import { useFileParser } from './lib/uploads/stageUpload';
import { stagingCount, stagingDone } from './lib/uploads/stagingInFlight';
import { closeIngestQueue } from './lib/queue';
import { closeRedis, createRedis } from './lib/redis';
import { checkReadyToServe, startupOrExit } from './lib/startup';

process.env.TALLY_PROCESS ??= 'web';
const env = await startupOrExit('tally web', checkReadyToServe);
const dev = env.NODE_ENV !== 'production';

// Files are parsed in worker threads: the main thread stays free for sockets and API requests.
const parsePool = new ParsePool(fileURLToPath(new URL('./lib/uploads/parseThread.ts', import.meta.url)), env.PARSE_CONCURRENCY);
useFileParser(parsePool.parse);

const app = next({ dev, hostname: env.HOST, port: env.PORT, webpack: true } as Parameters<typeof next>[0]);
await app.prepare();
const handle = app.getRequestHandler();

const httpServer = createServer((req, res) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  // Route handlers see no socket; hand them the client's address under a name clients cannot set themselves.
  req.headers['x-tally-client-ip'] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], env.TRUST_PROXY_HOPS);
  // The hottest reads are answered here, without Next's routing (lib/results/serveResults.ts says why); so are the
  // probes and metrics a load balancer and a scraper call on every node (lib/ops/serveOps.ts).
  if (isOpsRequest(req)) void serveOps(req, res);
  else if (isResultsRequest(req)) {
    res.on('finish', () => countResultsRequest((req.url ?? '').split('?')[0], res.statusCode));
    void serveResults(req, res);
  } else void handle(req, res);
});

type SocketData = { userId?: string; role?: string; sessionId?: string; sessionEndsAt?: number };
// The adapter links the web nodes for operations on sockets wherever they are (closing an ended session's sockets);
// README "Scaling" says why this one. Results do NOT go through it: every node hears the workers' deltas on Redis
// itself, so every push below is `io.local` — through the adapter each node would send each delta N times.
const adapterRedis = createRedis('tally-sio-adapter');
const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
  serveClient: false,
  adapter: createAdapter(adapterRedis, {
    // Deployments (and test runs) sharing one Redis must not reach each other's sockets.
    streamName: `${env.QUEUE_PREFIX}:socket.io`,
    channelPrefix: `${env.QUEUE_PREFIX}:socket.io`,
    // Only socket operations travel in the stream (a few per sign-out); this bounds it after years of them.
    maxLen: 1000,
  }),
});
useSocketServer(io);

const feed = new LatestByKey<UploadProgress>(1000, (items) => io.local.emit('uploads:feed', items));
const feedStatuses = new StatusChanges();
const subscriber = createRedis('tally-relay-sub');
const relay = new DeltaRelay({
  subscriber,
  flushMs: env.DELTA_FLUSH_MS,
  // Every contest's clients get its delta (also an empty one: their version moves on); rooms nobody is in cost nothing.
  onDelta: (delta) => {
    const room = resultsRoom(delta.contest);
    if (io.sockets.adapter.rooms.has(room)) io.local.to(room).emit('tally:delta', delta);
  },
  // Drill-down views get only their region's district-level changes.
  onAreaDelta: (delta) => {
    const room = areaRoom(delta.contest, delta.region);
    if (io.sockets.adapter.rooms.has(room)) io.local.to(room).emit('area:delta', delta);
  },
  // Every progress message to uploaders and admins; the public feed (every socket) only status changes, batched
  // once a second (lib/live/statusChanges.ts says why).
  onProgress: (progress) => {
    io.local.to('uploads').emit('upload:progress', progress);
    if (feedStatuses.changed(progress.uploadId, progress.status)) feed.put(progress.uploadId, progress);
  },
  onReset: () => {
    for (const room of io.sockets.adapter.rooms.keys()) {
      const watched = parseRoom(room);
      if (watched?.region === null) io.local.to(room).emit('tally:reset', relay.snapshot(watched.contest));
      else if (watched) io.local.to(room).emit('area:snapshot', relay.areaSnapshot(watched.region, watched.contest));
    }
    void refreshStations(relay.publishedVersion());
  },
  onStatus: (s) => {
    resultsStatus = s.status;
    io.local.emit('results:status', s);
  },
  onStations: (version) => void refreshStations(version),
  onContests: () => void refreshContests(),
  onLag: observeDeltaLag,
});
bindNodeGauges({ sockets: () => io.engine.clientsCount, version: () => relay.publishedVersion() });
// Held here, not read per connection: thousands of sockets connecting at once would each cost a query.
let resultsStatus: ResultsStatusValue = (await getResultsStatus()).status;
let contests: ContestInfo[] = [];
/** Stations reporting per contest, as last read (only while there are stations at all). */
const reporting = new Map<string, StationsReporting>();
let anyStations = false;
let stationsRead: Promise<void> = Promise.resolve();

/** Re-reads stations reporting for every contest and pushes it to the contest's viewers (in order, one at a time). */
function refreshStations(version: number): Promise<void> {
  stationsRead = stationsRead
    .then(async () => {
      anyStations = await hasStations();
      if (!anyStations) return reporting.clear();
      for (const c of contests) reporting.set(c.name, await stationsReporting(c.name, version));
      for (const room of io.sockets.adapter.rooms.keys()) {
        const figures = reporting.get(parseRoom(room)?.contest ?? '\u0000');
        if (figures) io.local.to(room).emit('stations:reporting', figures);
      }
    })
    .catch((err) => log.error({ err }, 'reading stations reporting failed'));
  return stationsRead;
}

async function refreshContests(): Promise<void> {
  try {
    contests = await listContests();
    io.local.emit('contests:list', contests);
    await refreshStations(relay.publishedVersion());
  } catch (err) {
    log.error({ err }, 'reading contests failed');
  }
}

await relay.start();
await refreshContests();

// The socket gate: results are public unless PUBLIC_RESULTS=false; upload progress only for uploaders and admins.
// Clients can emit nothing that changes data: the only client events ask for a view and a fresh snapshot.
io.use(async (socket, nextMw) => {
  try {
    const session = await getSession(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
    const user = session?.user;
    if (!env.PUBLIC_RESULTS && (!user || user.mustChangePassword)) return nextMw(new Error('unauthenticated'));
    if (session) socket.data = { userId: session.user.id, role: session.user.role, sessionId: session.id, sessionEndsAt: session.expiresAt.getTime() };
    nextMw();
  } catch (err) {
    nextMw(err as Error);
  }
});

// Rooms: one per contest for its national view, one per contest and region for a drill-down. A client in one
// contest's rooms receives no other contest's cells.
const RESULTS_ROOM = 'results:';
const AREA_ROOM = 'area:';
const resultsRoom = (contest: string) => RESULTS_ROOM + contest;
const areaRoom = (contest: string, region: string) => AREA_ROOM + contest + '\u0000' + region;
function parseRoom(room: string): { contest: string; region: string | null } | null {
  if (room.startsWith(RESULTS_ROOM)) return { contest: room.slice(RESULTS_ROOM.length), region: null };
  if (!room.startsWith(AREA_ROOM)) return null;
  const rest = room.slice(AREA_ROOM.length);
  const sep = rest.indexOf('\u0000');
  return sep < 0 ? null : { contest: rest.slice(0, sep), region: rest.slice(sep + 1) };
}
const validName = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

io.on('connection', (socket) => {
  const { userId, sessionId, sessionEndsAt, role } = socket.data;
  if (userId && sessionId) {
    // Ending the session (sign-out, disabled account, password reset…) closes this socket from any web node.
    void socket.join([userRoom(userId), sessionRoom(sessionId)]);
    // So does the session running out; the client connects again as whoever its cookie says then.
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, (sessionEndsAt ?? 0) - Date.now()), 2 ** 31 - 1));
    socket.on('disconnect', () => clearTimeout(expiry));
  }
  if (role && hasRole(role, 'uploader')) void socket.join('uploads');
  socket.emit('results:status', { status: resultsStatus });
  socket.emit('contests:list', contests);
  // One view at a time: a contest's national room, or one region's room of it. Joining and the snapshot happen in
  // the same tick as the relay's pushes, so the snapshot and the next delta line up.
  let room: string | null = null;
  let contest = '';
  const view = (region: unknown, wanted: unknown) => {
    if (validName(wanted, MAX_CONTEST_NAME)) contest = wanted;
    const inRegion = typeof region === 'string' && region.length > 0 && region.length <= 200;
    const next = inRegion ? areaRoom(contest, region) : resultsRoom(contest);
    const contestChanged = room === null || parseRoom(room)?.contest !== contest;
    if (room !== next) {
      if (room) void socket.leave(room);
      void socket.join(next);
      room = next;
    }
    if (!inRegion) socket.emit('tally:snapshot', relay.snapshot(contest));
    else socket.emit('area:snapshot', relay.areaSnapshot(region, contest));
    const figures = reporting.get(contest);
    if (contestChanged && figures) socket.emit('stations:reporting', figures);
  };
  const auth = socket.handshake.auth as { region?: unknown; contest?: unknown } | undefined;
  view(auth?.region, auth?.contest);
  const limit = viewLimiter();
  socket.on('tally:resync', () => limit() && view(null, undefined));
  socket.on('view:area', (v) => limit() && view(v?.region ?? null, v?.contest));
});

/** At most 20 view changes or resyncs per 10 s per socket: each answer is a snapshot, not free to send. */
function viewLimiter(): () => boolean {
  let windowStart = 0;
  let count = 0;
  return () => {
    const now = Date.now();
    if (now - windowStart > 10_000) {
      windowStart = now;
      count = 0;
    }
    return ++count <= 20;
  };
}

httpServer.listen(env.PORT, env.HOST, () => {
  log.info({ url: `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`, dev }, 'web node ready');
});

let stopping = false;
/**
 * SIGTERM: /api/ready turns 503 at once (the load balancer stops sending), no new connections are accepted and
 * sockets are closed (their clients reconnect to another node). Requests in flight and files already accepted
 * (answered 202, still being read) get SHUTDOWN_TIMEOUT_MS to finish, so an accepted upload is not failed later
 * by the sweep for a reason the official cannot see. Then connections are cut and Redis and Postgres quit.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  markShuttingDown();
  log.info({ signal, reading: stagingCount() }, 'web node stopping');
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  // io.close() closes the http server too; it is already closing, so its own callback's error is expected.
  io.close(() => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), env.SHUTDOWN_TIMEOUT_MS)));
  const outcome = await Promise.race([closed.then(stagingDone).then(() => 'drained' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') log.warn({ reading: stagingCount() }, 'shutdown timeout: cutting connections; unfinished files will be failed by the sweep');
  httpServer.closeAllConnections();
  relay.stop();
  feed.stop();
  useSocketServer(undefined);
  await Promise.allSettled([subscriber.quit(), adapterRedis.quit(), closeIngestQueue(), closeRedis(), disconnectPrisma(), app.close?.(), parsePool.close()]);
  log.info({ outcome }, 'web node stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
