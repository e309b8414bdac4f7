'use client';
// Keeps a TallyState in step with the server over Socket.IO and hands React at most one new state per frame.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TallySnapshot } from '@/lib/events';
import type { ResultsStatusValue } from '@/lib/results/resultsStatusValues';
import { applyDelta, stateFromSnapshot, type TallyState } from '@/lib/tally/tallyState';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

/** A resync the server never answered (lost packet, reconnect) may be asked again after this long. */
const RESYNC_RETRY_MS = 3000;
/** Background tabs get no animation frames; this bounds how stale they can get. */
const FRAME_FALLBACK_MS = 250;

export function useLiveTally(
  initial: TallySnapshot,
  initialResultsStatus: ResultsStatusValue,
): { state: TallyState; status: ConnectionStatus; resultsStatus: ResultsStatusValue } {
  const [state, setState] = useState(() => stateFromSnapshot(initial));
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [resultsStatus, setResultsStatus] = useState(initialResultsStatus);
  // The newest state lives here; bursts of deltas update it without rendering each one.
  const latest = useRef(state);

  useEffect(() => {
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let resyncAskedAt = 0;

    const flush = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      frame = null;
      timer = null;
      setState(latest.current);
    };
    const scheduleRender = () => {
      if (frame !== null || timer !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, FRAME_FALLBACK_MS);
    };

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
    const askResync = () => {
      const now = Date.now();
      if (now - resyncAskedAt < RESYNC_RETRY_MS) return;
      resyncAskedAt = now;
      socket.emit('tally:resync');
    };

    // The server sends a snapshot on every (re)connection, which covers deltas missed before or in between.
    socket.on('connect', () => setStatus('live'));
    socket.on('disconnect', (reason) => {
      setStatus('reconnecting');
      // The server closed us on purpose: socket.io does not retry that case by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', () => setStatus('reconnecting'));

    socket.on('tally:snapshot', (snapshot) => {
      resyncAskedAt = 0;
      latest.current = stateFromSnapshot(snapshot);
      scheduleRender();
    });
    socket.on('results:status', (s) => setResultsStatus(s.status));
    socket.on('tally:reset', (snapshot) => {
      latest.current = stateFromSnapshot(snapshot);
      scheduleRender();
    });
    socket.on('tally:delta', (delta) => {
      const next = applyDelta(latest.current, delta);
      if (next === 'resync') askResync();
      else if (next !== latest.current) {
        latest.current = next;
        scheduleRender();
      }
    });

    return () => {
      socket.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  return { state, status, resultsStatus };
}
