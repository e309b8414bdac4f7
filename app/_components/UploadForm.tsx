'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, UploadProgress } from '@/lib/events';
import { formatInt } from './format';
import { UploadItem } from './UploadItem';
import {
  fetchUploadDetails,
  isFinished,
  mergeDetails,
  mergeProgress,
  newUploadView,
  postFiles,
  type UploadView,
} from './uploadClient';

const ACCEPT = '.xlsx,.csv,.json,.ndjson';
const EARLY_LIMIT = 200;

interface BytesSent {
  sent: number;
  total: number | null;
}

export function UploadForm() {
  const [uploads, setUploads] = useState<UploadView[]>([]);
  const [sending, setSending] = useState(false);
  const [bytes, setBytes] = useState<BytesSent | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Disabled until hydrated, so a click before React is ready cannot submit the form natively.
  const [ready, setReady] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // Mirrors of state that socket handlers need without re-subscribing.
  const current = useRef(new Map<string, UploadView>());
  /** Progress for uploads the 202 has not told us about yet (a small file can finish first). */
  const early = useRef(new Map<string, UploadProgress>());
  /** Uploads whose details were fetched after they finished: nothing more to ask. */
  const detailsFinal = useRef(new Set<string>());

  useEffect(() => setReady(true), []);

  function update(id: string, change: (view: UploadView) => UploadView) {
    setUploads((list) => list.map((u) => (u.id === id ? change(u) : u)));
  }

  async function refreshDetails(id: string) {
    const details = await fetchUploadDetails(id);
    if (!details) return;
    if (isFinished(details.status)) detailsFinal.current.add(id);
    update(id, (u) => mergeDetails(u, details));
  }

  useEffect(() => {
    current.current = new Map(uploads.map((u) => [u.id, u]));
  }, [uploads]);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
    let connectedBefore = false;
    socket.on('connect', () => {
      // Events sent while we were away are lost: ask for the unfinished uploads once more.
      if (connectedBefore) for (const u of current.current.values()) if (!isFinished(u.status)) void refreshDetails(u.id);
      connectedBefore = true;
    });
    socket.on('upload:progress', (p) => {
      if (!current.current.has(p.uploadId)) {
        const seen = early.current.get(p.uploadId);
        if (!seen || p.chunksDone >= seen.chunksDone || isFinished(p.status)) early.current.set(p.uploadId, p);
        // Other people's uploads arrive here too: keep only the most recent few.
        if (early.current.size > EARLY_LIMIT) early.current.delete(early.current.keys().next().value!);
        return;
      }
      update(p.uploadId, (u) => mergeProgress(u, p));
      // The list of rejected rows is only in the details: fetch them once the upload is finished.
      if (isFinished(p.status) && !detailsFinal.current.has(p.uploadId)) {
        detailsFinal.current.add(p.uploadId);
        void refreshDetails(p.uploadId);
      }
    });
    return () => {
      socket.disconnect();
    };
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget; // React clears currentTarget once the handler yields
    const files = Array.from(inputRef.current?.files ?? []);
    if (files.length === 0) {
      setError('Choose at least one file to upload.');
      return;
    }
    setError(null);
    setSending(true);
    setBytes({ sent: 0, total: null });
    try {
      const { uploads: accepted, error: refused } = await postFiles(files, (sent, total) => setBytes({ sent, total }));
      setError(refused);
      const views = accepted.map((a) => {
        const view = newUploadView(a);
        const pending = early.current.get(a.id);
        early.current.delete(a.id);
        return pending ? mergeProgress(view, pending) : view;
      });
      for (const v of views) current.current.set(v.id, v);
      setUploads((list) => [...views, ...list]);
      if (!refused) form.reset();
      // Covers uploads that finished before their socket events could reach us.
      for (const v of views) void refreshDetails(v.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
      setBytes(null);
    }
  }

  return (
    <div className="upload">
      <form className="panel upload-form" method="post" encType="multipart/form-data" onSubmit={onSubmit}>
        <label htmlFor="upload-files">Result files (.xlsx, .csv, .json, .ndjson)</label>
        <input ref={inputRef} id="upload-files" data-testid="file-input" type="file" name="file" multiple accept={ACCEPT} />
        <button type="submit" disabled={!ready || sending}>
          {sending ? 'Uploading…' : 'Upload'}
        </button>
        {bytes && (
          <div className="bytes">
            <progress
              data-testid="upload-bytes"
              aria-label="Bytes sent"
              {...(bytes.total ? { value: bytes.sent, max: bytes.total } : {})}
            />
            <span className="muted">
              {formatInt(Math.round(bytes.sent / 1024))} KiB
              {bytes.total ? ` of ${formatInt(Math.round(bytes.total / 1024))} KiB` : ''} sent
            </span>
          </div>
        )}
        {error && (
          <p className="error" role="alert" data-testid="upload-error">
            {error}
          </p>
        )}
      </form>

      {uploads.length > 0 && (
        <section className="panel" aria-labelledby="uploads-title">
          <h2 id="uploads-title">Uploads</h2>
          <ul className="upload-list">
            {uploads.map((u) => (
              <UploadItem key={u.id} upload={u} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
