import { getCurrentVersion, getSnapshot } from './getSnapshot';
import { summarizeCells } from './summarizeCells';

// GET /api/results, computed once per tally version: a dashboard refresh storm (or a results feed polled by
// newsrooms) costs one single-row read per request while the count stands still, and never a stale answer: the
// version is read first, and the body is reused only when it was made at that very version.

interface Rendered {
  version: number;
  body: string;
}

const KEY = Symbol.for('tally.currentResults');
type Holder = { [KEY]?: { last: Rendered | null; pending: Promise<Rendered> | null } };

function cache() {
  const g = globalThis as Holder;
  return (g[KEY] ??= { last: null, pending: null });
}

export async function currentResults(): Promise<Rendered> {
  const c = cache();
  const version = await getCurrentVersion();
  if (c.last && c.last.version === version) return c.last;
  // Requests arriving while one is being rendered share it (it is at least as new as the version they read).
  c.pending ??= render().finally(() => {
    c.pending = null;
  });
  const rendered = await c.pending;
  return rendered.version >= version ? rendered : render();
}

async function render(): Promise<Rendered> {
  const snap = await getSnapshot();
  const rendered = { version: snap.version, body: JSON.stringify(summarizeCells(snap.version, snap.updatedAt, snap.cells)) };
  const c = cache();
  if (!c.last || rendered.version >= c.last.version) c.last = rendered;
  return rendered;
}
