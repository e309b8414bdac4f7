'use client';
// The ingest queue for admins: jobs per state, how long the oldest has waited, the latest failures and why, and a
// button that puts every failed job back in the queue. Refreshes every 5 s while open (an admin tool, not the
// dashboard, which never polls).
import { useEffect, useState } from 'react';
import type { QueueView } from '@/lib/ops/queueView';
import { apiCall } from './apiCall';
import { formatInt, formatUtc } from './format';

export function QueueConsole({ initial }: { initial: QueueView }) {
  const [view, setView] = useState(initial);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    const r = await apiCall<QueueView>('/api/admin/queue', 'GET');
    if (r.ok) setView(r.data);
  }

  useEffect(() => {
    const t = setInterval(() => void refresh(), 5000);
    return () => clearInterval(t);
  }, []);

  async function retryFailed() {
    setBusy(true);
    setNotice(null);
    const r = await apiCall<{ retried: number }>('/api/admin/queue/retry-failed', 'POST');
    setNotice(r.ok ? { kind: 'ok', text: `${formatInt(r.data.retried)} failed jobs put back in the queue.` } : { kind: 'error', text: r.message });
    await refresh();
    setBusy(false);
  }

  return (
    <>
      <section className="panel" aria-labelledby="queue-title">
        <h1 id="queue-title">Ingest queue</h1>
        <table className="table" data-testid="queue-counts">
          <tbody>
            {Object.entries(view.counts).map(([state, n]) => (
              <tr key={state}>
                <th scope="row">{state}</th>
                <td>{formatInt(n)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">oldest waiting</th>
              <td>{view.oldestWaitingMs === null ? '—' : `${(view.oldestWaitingMs / 1000).toFixed(1)} s`}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="failed-title">
        <h2 id="failed-title">Latest failed jobs</h2>
        <p>
          Retrying is safe: a chunk counts at most once, and a chunk whose upload has failed meanwhile does nothing. It does not bring a failed
          upload back; upload its file again for that.
        </p>
        <button type="button" onClick={() => void retryFailed()} disabled={busy || view.counts.failed === 0}>
          Retry failed jobs
        </button>
        {notice && (
          <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'error' : undefined}>
            {notice.text}
          </p>
        )}
        <div className="table-scroll">
          <table className="table" data-testid="failed-jobs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Upload</th>
                <th scope="col">Chunk</th>
                <th scope="col">Attempts</th>
                <th scope="col">Failed at</th>
                <th scope="col">Worker</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {view.failed.map((j) => (
                <tr key={j.id}>
                  <td>{j.id}</td>
                  <td>{j.uploadId}</td>
                  <td>{j.seq}</td>
                  <td>{j.attemptsMade}</td>
                  <td>{formatUtc(j.failedAt)}</td>
                  <td>{j.processedBy ?? ''}</td>
                  <td>{j.failedReason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
