// Sockets belong to the session that opened them: when a session ends (sign-out, a new sign-in, a password change or
// reset, a disabled or deleted account) its sockets are closed on EVERY web node, through the Socket.IO adapter
// (server.ts). Route handlers run in the web node's process but in Next's bundles, so the server is found on
// globalThis, like the shared Redis connection (lib/redis.ts).
import type { Server } from 'socket.io';

/** Every socket opened with a session joins its user's room and its session's room (server.ts). */
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

type AnyServer = Server<any, any, any, any>;
const KEY = Symbol.for('tally.socketServer');
type Holder = { [KEY]?: AnyServer };

/** server.ts registers its Socket.IO server (with the cluster adapter) once it exists. */
export function useSocketServer(io: AnyServer | undefined): void {
  (globalThis as Holder)[KEY] = io;
}

function socketServer(): AnyServer | undefined {
  return (globalThis as Holder)[KEY];
}

/**
 * Closes every socket of a user on every web node, except those of `exceptSessionId` (the session that changed its
 * own password stays). In a process without a Socket.IO server (a script) there is nothing to reach: today only
 * route handlers end sessions, and they run in web nodes.
 */
export function disconnectUserSockets(userId: string, exceptSessionId?: string): void {
  const io = socketServer();
  if (!io) return;
  const target = io.in(userRoom(userId));
  (exceptSessionId ? target.except(sessionRoom(exceptSessionId)) : target).disconnectSockets(true);
}

/** Closes every socket opened with these sessions, on every web node. */
export function disconnectSessionSockets(sessionIds: string[]): void {
  const io = socketServer();
  if (!io || sessionIds.length === 0) return;
  io.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
}
