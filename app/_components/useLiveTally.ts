'use client';
// Keeps the state of what the viewer looks at in step with the server over Socket.IO — the national tally, or one
// region's district-level cells in a drill-down — and hands React at most one new state per frame.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AreaSnapshot, ClientToServerEvents, ContestInfo, ServerToClientEvents, StationsReporting, TallySnapshot, UploadProgress } from '@/lib/events';
import type { ResultsStatusValue } from '@/lib/results/resultsStatusValues';
import {
  applyAreaDelta,
  applyDelta,
  areaStateFromSnapshot,
  emptyState,
  stateFromSnapshot,
  type AreaState,
  type TallyState,
} from '@/lib/tally/tallyState';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

/** A resync the server never answered (lost packet, reconnect) may be asked again after this long. */
const RESYNC_RETRY_MS = 3000;
/** Background tabs get no animation frames; this bounds how stale they can get. */
const FRAME_FALLBACK_MS = 250;

export interface LiveTally {
  /** National state; only kept current while the national view is shown. */
  national: TallyState;
  /** The viewed region's state, null nationally or until its snapshot arrives after a switch. */
  area: AreaState | null;
  /** false between a switch of view and the server's snapshot for it: the numbers shown are not current. */
  ready: boolean;
  status: ConnectionStatus;
  resultsStatus: ResultsStatusValue;
  /** The latest batch of upload progress (a new array per batch), for the uploads feed. */
  uploadsFeed: UploadProgress[];
  /** Stations reporting in the watched contest (null until known, or when there are no stations). */
  reporting: StationsReporting | null;
  /** The contests there are, as the server last said. */
  contests: ContestInfo[] | null;
}

/**
 * `contest` and `region` are what the viewer looks at (region null: national). Changing either asks the server for
 * that view; the socket then only receives that view's changes (a room per contest and region).
 */
export function useLiveTally(
  initial: TallySnapshot,
  initialArea: AreaSnapshot | null,
  initialResultsStatus: ResultsStatusValue,
  region: string | null,
  contest = initial.contest,
  initialReporting: StationsReporting | null = null,
): LiveTally {
  const [live, setLive] = useState<{ national: TallyState; area: AreaState | null; ready: boolean }>(() => {
    const area = initialArea && initialArea.region === region && initialArea.contest === contest ? areaStateFromSnapshot(initialArea) : null;
    return { national: stateFromSnapshot(initial), area, ready: region === null || area !== null };
  });
  const [reporting, setReporting] = useState<StationsReporting | null>(initialReporting);
  const [contests, setContests] = useState<ContestInfo[] | null>(null);
  const contestRef = useRef(contest);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [resultsStatus, setResultsStatus] = useState(initialResultsStatus);
  const [uploadsFeed, setUploadsFeed] = useState<UploadProgress[]>([]);
  // The newest states live here; bursts of deltas update them without rendering each one.
  const latest = useRef(live);
  const regionRef = useRef(region);
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const askView = useRef<() => void>(() => {});

  useEffect(() => {
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let resyncAskedAt = 0;

    const flush = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      frame = null;
      timer = null;
      setLive(latest.current);
    };
    const scheduleRender = () => {
      if (frame !== null || timer !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, FRAME_FALLBACK_MS);
    };
    const update = (next: Partial<typeof latest.current>) => {
      latest.current = { ...latest.current, ...next };
      scheduleRender();
    };

    // The view travels in the handshake, so a reconnect starts with the right snapshot without asking.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      auth: (cb) => cb({ region: regionRef.current, contest: contestRef.current }),
    });
    socketRef.current = socket;
    askView.current = () => socket.emit('view:area', { region: regionRef.current, contest: contestRef.current });
    const askResync = () => {
      const now = Date.now();
      if (now - resyncAskedAt < RESYNC_RETRY_MS) return;
      resyncAskedAt = now;
      askView.current();
    };

    // The server sends the view's snapshot on every (re)connection, which covers deltas missed in between.
    socket.on('connect', () => setStatus('live'));
    socket.on('disconnect', (reason) => {
      setStatus('reconnecting');
      // The server closed us on purpose: socket.io does not retry that case by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', () => setStatus('reconnecting'));

    socket.on('tally:snapshot', (snapshot) => {
      // An answer for a contest the viewer already left is dropped.
      if (snapshot.contest !== contestRef.current) return;
      resyncAskedAt = 0;
      update({ national: stateFromSnapshot(snapshot), ...(regionRef.current === null ? { ready: true } : {}) });
    });
    socket.on('tally:reset', (snapshot) => {
      if (snapshot.contest === contestRef.current) update({ national: stateFromSnapshot(snapshot) });
    });
    socket.on('tally:delta', (delta) => {
      const next = applyDelta(latest.current.national, delta);
      if (next === 'resync') askResync();
      else if (next !== latest.current.national) update({ national: next });
    });
    socket.on('area:snapshot', (snapshot) => {
      // An answer for a view the viewer already left is dropped.
      if (snapshot.region !== regionRef.current || snapshot.contest !== contestRef.current) return;
      resyncAskedAt = 0;
      update({ area: areaStateFromSnapshot(snapshot), ready: true });
    });
    socket.on('area:delta', (delta) => {
      const area = latest.current.area;
      if (!area || delta.region !== area.region) return;
      const next = applyAreaDelta(area, delta);
      if (next === 'resync') askResync();
      else if (next !== area) update({ area: next });
    });
    socket.on('results:status', (s) => setResultsStatus(s.status));
    socket.on('uploads:feed', (items) => setUploadsFeed(items));
    socket.on('stations:reporting', (r) => {
      if (r.contest === contestRef.current) setReporting(r);
    });
    socket.on('contests:list', (list) => setContests(list));

    return () => {
      socket.disconnect();
      socketRef.current = null;
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  // A new view: forget the old region's (or contest's) state — never show one area's or contest's numbers under
  // another's name — and ask.
  useEffect(() => {
    const contestChanged = contestRef.current !== contest;
    if (regionRef.current === region && !contestChanged) return;
    regionRef.current = region;
    contestRef.current = contest;
    latest.current = {
      ...latest.current,
      ...(contestChanged ? { national: emptyState(contest) } : {}),
      area: null,
      ready: false,
    };
    if (contestChanged) setReporting(null);
    setLive(latest.current);
    if (socketRef.current?.connected) askView.current();
  }, [region, contest]);

  return { national: live.national, area: live.area, ready: live.ready, status, resultsStatus, uploadsFeed, reporting, contests };
}
