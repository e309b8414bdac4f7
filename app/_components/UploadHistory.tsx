'use client';
// The upload history: every recent upload with its status, kept current by the same progress events as the
// form, and (for admins) a Retract button. The server checks the role again; hiding the button is only courtesy.
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, UploadProgress } from '@/lib/events';
import type { UploadSummary } from '@/lib/uploads/listUploads';
import { formatInt, formatUtc } from './format';


async function fetchUploads(): Promise<UploadSummary[] | null> {
  try {
    const r = await fetch('/api/uploads?limit=50', { cache: 'no-store' });
    return r.ok ? ((await r.json()) as { uploads: UploadSummary[] }).uploads : null;
  } catch {
    return null;
  }
}

function withProgress(u: UploadSummary, p: UploadProgress): UploadSummary {
  return { ...u, status: p.status, rowsTotal: p.rowsTotal, rowsAccepted: p.rowsAccepted, rowsRejected: p.rowsRejected, error: p.error ?? u.error };
}

export function UploadHistory({ initial, canRetract }: { initial: UploadSummary[]; canRetract: boolean }) {
  const [uploads, setUploads] = useState(initial);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const known = useRef(new Set(initial.map((u) => u.id)));

  const reload = useCallback(async () => {
    const list = await fetchUploads();
    if (!list) return;
    known.current = new Set(list.map((u) => u.id));
    setUploads(list);
  }, []);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
    let connectedBefore = false;
    socket.on('connect', () => {
      if (connectedBefore) void reload(); // events missed while away
      connectedBefore = true;
    });
    socket.on('upload:progress', (p) => {
      // A new upload (from this page or anyone's script): the list is re-read, which also brings its name.
      if (!known.current.has(p.uploadId)) return void reload();
      setUploads((list) => list.map((u) => (u.id === p.uploadId ? withProgress(u, p) : u)));
      // Votes and who/when of a retraction are not in the event.
      if (p.status === 'done' || p.status === 'retracted' || p.status === 'failed') void reload();
    });
    return () => {
      socket.disconnect();
    };
  }, [reload]);

  async function retract(u: UploadSummary) {
    if (!window.confirm(`Retract "${u.filename}"? Its ${formatInt(u.votesAccepted)} votes stop counting on every dashboard.`)) return;
    setBusy(u.id);
    setMessage(null);
    try {
      const r = await fetch(`/api/uploads/${u.id}/retract`, { method: 'POST' });
      const body = (await r.json().catch(() => null)) as { votesRemoved?: number; error?: { message: string } } | null;
      if (r.ok) setMessage({ kind: 'ok', text: `${u.filename} retracted: ${formatInt(body?.votesRemoved ?? 0)} votes removed.` });
      else setMessage({ kind: 'error', text: body?.error?.message ?? `retraction failed (${r.status})` });
    } catch {
      setMessage({ kind: 'error', text: 'the server could not be reached; nothing was retracted' });
    } finally {
      setBusy(null);
      await reload();
    }
  }

  return (
    <section aria-labelledby="history-title" className="upload-history">
      <h2 id="history-title">Recent uploads</h2>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'muted'} data-testid="history-message">
          {message.text}
        </p>
      )}
      {uploads.length === 0 ? (
        <p className="muted">No uploads yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="upload-history">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Rows counted</th>
                <th scope="col" className="num">Rejected</th>
                <th scope="col" className="num">Votes</th>
                <th scope="col">Uploaded</th>
                {canRetract && <th scope="col"><span className="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {uploads.map((u) => (
                <tr key={u.id} data-testid="history-row" data-upload-id={u.id} data-status={u.status}>
                  <th scope="row">{u.filename}</th>
                  <td>
                    <span className={`badge badge--${u.status}`}>{u.status}</span>
                    {u.retracted && (
                      <span className="muted" data-testid="retracted-by">
                        {' '}by {u.retracted.by ?? 'a deleted user'} at {formatUtc(u.retracted.at)}
                      </span>
                    )}
                    {u.status === 'failed' && u.error && <div className="muted">{u.error}</div>}
                  </td>
                  <td className="num">{formatInt(u.rowsAccepted)}</td>
                  <td className="num">{formatInt(u.rowsRejected)}</td>
                  <td className="num" data-col="votes" data-value={u.votesAccepted}>{formatInt(u.votesAccepted)}</td>
                  <td>
                    {formatUtc(u.createdAt)}
                    {u.uploadedBy && <div className="muted">{u.uploadedBy}{u.viaToken ? ` (token ${u.viaToken})` : ''}</div>}
                  </td>
                  {canRetract && (
                    <td>
                      {u.status !== 'retracted' && u.status !== 'retracting' && (
                        <button type="button" className="button-danger" disabled={busy !== null} onClick={() => void retract(u)}>
                          {busy === u.id ? 'Retracting…' : 'Retract'}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
