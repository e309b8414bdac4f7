'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, UploadProgress } from '@/lib/events';
import { formatInt } from './format';
import { UploadItem } from './UploadItem';
import { UploadPreview } from './UploadPreview';
import {
  fetchPreview,
  fetchUploadDetails,
  isFinished,
  mergeDetails,
  mergeProgress,
  newUploadView,
  postFiles,
  type ColumnMapping,
  type ColumnRole,
  type PreviewResult,
  type UploadView,
} from './uploadClient';
import {
  differsFromDetected,
  findEntry,
  fullMapping,
  hasSheetChoice,
  isBlocked,
  mappingToSend,
  newEntry,
  sheetToSend,
  shownSheet,
  type PreviewEntry,
} from './uploadPreviewState';

const ACCEPT = '.xlsx,.csv,.json,.ndjson';
const EARLY_LIMIT = 200;

interface BytesSent {
  sent: number;
  total: number | null;
}

/**
 * One POST /api/uploads: files that share a mapping (null: the server detects the columns) and a worksheet (null: the
 * first of an xlsx).
 */
interface Batch {
  files: File[];
  mapping: ColumnMapping | null;
  sheet: string | null;
  confirmDuplicate?: boolean;
}

/** What is needed to send a refused duplicate again. */
interface DuplicateSource {
  file: File;
  mapping: ColumnMapping | null;
  sheet: string | null;
}

/** Replaces the input's files (the ones still to send); false when the browser cannot. */
function keepOnlyFiles(input: HTMLInputElement, files: File[]): boolean {
  try {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    input.files = dt.files;
    return true;
  } catch {
    return false;
  }
}

function sameFiles(a: readonly File[], b: readonly File[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

export function UploadForm() {
  const [uploads, setUploads] = useState<UploadView[]>([]);
  const [sending, setSending] = useState(false);
  const [bytes, setBytes] = useState<BytesSent | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Files held back at the last Upload (their mapping was refused), with the reason. */
  const [skipped, setSkipped] = useState<string[]>([]);
  /** The chosen files, each with its preview and column mapping. */
  const [entries, setEntries] = useState<PreviewEntry[]>([]);
  /** Uploads refused as duplicates, by id, with what is needed to send them again. */
  const [duplicates, setDuplicates] = useState<ReadonlyMap<string, DuplicateSource>>(new Map());
  const [resent, setResent] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<string | null>(null);
  // Disabled until hydrated, so a click before React is ready cannot submit the form natively.
  const [ready, setReady] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // Mirrors of state that socket handlers need without re-subscribing.
  const current = useRef(new Map<string, UploadView>());
  /** Progress for uploads the 202 has not told us about yet (a small file can finish first). */
  const early = useRef(new Map<string, UploadProgress>());
  /** Uploads whose details were fetched after they finished: nothing more to ask. */
  const detailsFinal = useRef(new Set<string>());

  /** The preview request in flight per entry key. */
  const previewRequests = useRef(new Map<string, AbortController>());

  useEffect(() => setReady(true), []);

  // Files picked before React hydrated fired no change event that React saw: preview them now.
  useEffect(() => {
    if (inputRef.current?.files?.length) onFilesChosen();
    // Once, at hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const requests = previewRequests.current;
    return () => {
      for (const c of requests.values()) c.abort();
      requests.clear();
    };
  }, []);

  function cancelPreview(key: string) {
    previewRequests.current.get(key)?.abort();
    previewRequests.current.delete(key);
  }

  /**
   * Asks for the preview of one entry (of worksheet `sheet`; null: the server's default); the answer is kept only if
   * no newer request was made meanwhile.
   */
  function requestPreview(entry: PreviewEntry, seq: number, mapping: ColumnMapping | null, sheet: string | null) {
    cancelPreview(entry.key);
    const controller = new AbortController();
    previewRequests.current.set(entry.key, controller);
    fetchPreview(entry.file, mapping, controller.signal, sheet).then(
      (result: PreviewResult) => {
        if (previewRequests.current.get(entry.key) === controller) previewRequests.current.delete(entry.key);
        setEntries((list) =>
          list.map((e) => {
            if (e.key !== entry.key || e.seq !== seq) return e;
            // An answer without the list (e.g. no answer at all) keeps the known one, so another sheet can still be chosen.
            const sheets = result.sheets ?? e.sheets;
            if (mapping) return { ...e, sheets, preview: result, loading: false };
            return { ...e, sheets, preview: result, auto: result, detected: result.columns, loading: false };
          }),
        );
      },
      () => {
        // aborted: a newer request (or another choice of files) replaced it
      },
    );
  }

  function onFilesChosen() {
    for (const e of entries) cancelPreview(e.key);
    const next = Array.from(inputRef.current?.files ?? []).map(newEntry);
    setEntries(next);
    setSkipped([]);
    for (const e of next) if (e.loading) requestPreview(e, e.seq, null, null);
  }

  /** A big file's preview, asked for by the user. */
  function onLoadPreview(key: string) {
    const entry = entries.find((e) => e.key === key);
    if (!entry || entry.loading) return;
    const seq = entry.seq + 1;
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, loading: true, seq } : e)));
    requestPreview(entry, seq, null, entry.sheet);
  }

  /** Another worksheet: its columns differ, so the mapping goes back to what the server detects there. */
  function onSheetChange(key: string, sheet: string) {
    const entry = entries.find((e) => e.key === key);
    if (!entry || sheet === shownSheet(entry)) return;
    const seq = entry.seq + 1;
    setEntries((list) =>
      list.map((e) =>
        e.key === key ? { ...e, sheet, auto: null, detected: null, edited: null, preview: null, loading: true, seq } : e,
      ),
    );
    requestPreview(entry, seq, null, sheet);
  }

  function onRoleChange(key: string, header: string, role: ColumnRole | null) {
    const entry = entries.find((e) => e.key === key);
    if (!entry?.detected) return;
    const edited = new Map(entry.edited ?? []);
    edited.set(header, role);
    const seq = entry.seq + 1;
    if (!differsFromDetected(entry.detected, edited) && entry.auto) {
      // Back to what the server detected: its answer is already known.
      cancelPreview(key);
      setEntries((list) => list.map((e) => (e.key === key ? { ...e, edited: null, preview: e.auto, loading: false, seq } : e)));
      return;
    }
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, edited, loading: true, seq } : e)));
    requestPreview(entry, seq, fullMapping(entry.detected, edited), entry.sheet);
  }

  function onResetMapping(key: string) {
    cancelPreview(key);
    setEntries((list) =>
      list.map((e) => (e.key === key ? { ...e, edited: null, preview: e.auto, loading: e.auto === null, seq: e.seq + 1 } : e)),
    );
    const entry = entries.find((e) => e.key === key);
    if (entry && entry.auto === null) requestPreview(entry, entry.seq + 1, null, entry.sheet);
  }

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

  /**
   * Sends the batches at once (one request each) and lists the uploads they created. Returns the files the server
   * answered for (listed in its answer, even if refused there) and the request-level error messages.
   */
  async function send(batches: Batch[]): Promise<{ answered: Set<File>; errors: string[] }> {
    const progress: BytesSent[] = batches.map(() => ({ sent: 0, total: null }));
    setBytes({ sent: 0, total: null });
    const outcomes = await Promise.all(
      batches.map((batch, i) =>
        postFiles(
          batch.files,
          (sent, total) => {
            progress[i] = { sent, total };
            const totals = progress.map((p) => p.total);
            setBytes({
              sent: progress.reduce((n, p) => n + p.sent, 0),
              total: totals.every((t) => t !== null) ? (totals as number[]).reduce((n, t) => n + t, 0) : null,
            });
          },
          { mapping: batch.mapping, sheet: batch.sheet, confirmDuplicate: batch.confirmDuplicate },
        ).then(
          (result) => ({ batch, result, failure: null }),
          (err: unknown) => ({ batch, result: null, failure: err instanceof Error ? err.message : String(err) }),
        ),
      ),
    );
    const answered = new Set<File>();
    const errors: string[] = [];
    const views: UploadView[] = [];
    const refusedAsDuplicate: [string, DuplicateSource][] = [];
    for (const { batch, result, failure } of outcomes) {
      if (!result) {
        if (failure && !errors.includes(failure)) errors.push(failure);
        continue;
      }
      if (result.error && !errors.includes(result.error)) errors.push(result.error);
      result.uploads.forEach((a, i) => {
        const view = newUploadView(a);
        const pending = early.current.get(a.id);
        early.current.delete(a.id);
        views.push(pending ? mergeProgress(view, pending) : view);
        // The answer lists the files in the order sent: keep the file to offer sending it again.
        if (result.listed && a.error?.code === 'duplicate_file') {
          refusedAsDuplicate.push([a.id, { file: batch.files[i], mapping: batch.mapping, sheet: batch.sheet }]);
        }
      });
      if (result.listed) for (const f of batch.files) answered.add(f);
    }
    for (const v of views) current.current.set(v.id, v);
    setUploads((list) => [...views, ...list]);
    if (refusedAsDuplicate.length > 0) setDuplicates((m) => new Map([...m, ...refusedAsDuplicate]));
    // Covers uploads that finished before their socket events could reach us.
    for (const v of views) void refreshDetails(v.id);
    return { answered, errors };
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget; // React clears currentTarget once the handler yields
    const input = inputRef.current;
    const inputFiles = Array.from(input?.files ?? []);
    // The input is emptied when the browser cannot hold back only some files; the previews still list them.
    const files = inputFiles.length > 0 ? inputFiles : entries.map((en) => en.file);
    if (files.length === 0) {
      setError('Choose at least one file to upload.');
      return;
    }
    // Files whose preview is still on its way go with the server's own detection, as without a preview.
    const held: string[] = [];
    const detected: File[] = [];
    const batches: Batch[] = [];
    for (const file of files) {
      const entry = findEntry(entries, file);
      if (entry && isBlocked(entry)) {
        const p = entry.preview;
        const why = p && p.kind !== 'ok' ? p.message : 'its preview was refused';
        const sheets = hasSheetChoice(entry);
        const fix =
          p?.kind === 'bad_header'
            ? sheets
              ? ' Fix its columns or choose another worksheet above, then press Upload again.'
              : ' Fix its columns above, then press Upload again.'
            : sheets
              ? ' Choose another worksheet above, then press Upload again.'
              : '';
        held.push(`${file.name} was not sent: ${why}.${fix}`);
        continue;
      }
      // A changed mapping or a worksheet other than the first applies to the whole request: such a file goes alone.
      const mapping = entry ? mappingToSend(entry) : null;
      const sheet = entry ? sheetToSend(entry) : null;
      if (mapping || sheet) batches.push({ files: [file], mapping, sheet });
      else detected.push(file);
    }
    if (detected.length > 0) batches.unshift({ files: detected, mapping: null, sheet: null });
    setSkipped(held);
    setError(null);
    if (batches.length === 0) return;

    setSending(true);
    try {
      const { answered, errors } = await send(batches);
      setError(errors.length > 0 ? errors.join('\n') : null);
      // Files the server answered for leave the form; the others (held back, or not received) stay for another try.
      const remaining = files.filter((f) => !answered.has(f));
      const gone = new Set<string>();
      for (const f of answered) {
        const en = findEntry(entries, f);
        if (en) gone.add(en.key);
      }
      for (const key of gone) cancelPreview(key);
      setEntries((list) => list.filter((en) => !gone.has(en.key)));
      if (input && sameFiles(Array.from(input.files ?? []), inputFiles)) {
        if (remaining.length === 0 || !keepOnlyFiles(input, remaining)) form.reset();
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
      setBytes(null);
    }
  }

  async function onConfirmDuplicate(uploadId: string) {
    const source = duplicates.get(uploadId);
    if (!source || sending) return;
    setConfirming(uploadId);
    setSending(true);
    setError(null);
    try {
      const { answered, errors } = await send([
        { files: [source.file], mapping: source.mapping, sheet: source.sheet, confirmDuplicate: true },
      ]);
      setError(errors.length > 0 ? errors.join('\n') : null);
      if (answered.size > 0) {
        setResent((set) => new Set(set).add(uploadId));
        setDuplicates((m) => {
          const next = new Map(m);
          next.delete(uploadId);
          return next;
        });
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setConfirming(null);
      setSending(false);
      setBytes(null);
    }
  }

  return (
    <div className="upload">
      <form className="panel upload-form" method="post" encType="multipart/form-data" onSubmit={onSubmit}>
        <label htmlFor="upload-files">Result files (.xlsx, .csv, .json, .ndjson)</label>
        <input
          ref={inputRef}
          id="upload-files"
          data-testid="file-input"
          type="file"
          name="file"
          multiple
          accept={ACCEPT}
          onChange={onFilesChosen}
          aria-describedby="upload-files-hint"
        />
        <p id="upload-files-hint" className="muted upload-form__hint">
          Each file is previewed below with the columns it will be counted by; change a column&apos;s role there if it
          was not recognised.
        </p>
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
          <p className="error upload-form__error" role="alert" data-testid="upload-error">
            {error}
          </p>
        )}
        {skipped.length > 0 && (
          <div className="error upload-form__skipped" role="alert" data-testid="upload-skipped">
            <ul>
              {skipped.map((why, i) => (
                <li key={i}>{why}</li>
              ))}
            </ul>
          </div>
        )}
      </form>

      {entries.length > 0 && (
        <section className="panel" aria-labelledby="preview-title" data-testid="upload-previews">
          <h2 id="preview-title">Preview</h2>
          <div className="preview-list">
            {entries.map((en) => (
              <UploadPreview
                key={en.key}
                entry={en}
                disabled={sending}
                onRoleChange={(header, role) => onRoleChange(en.key, header, role)}
                onSheetChange={(sheet) => onSheetChange(en.key, sheet)}
                onReset={() => onResetMapping(en.key)}
                onLoad={() => onLoadPreview(en.key)}
              />
            ))}
          </div>
        </section>
      )}

      {uploads.length > 0 && (
        <section className="panel" aria-labelledby="uploads-title">
          <h2 id="uploads-title">Uploads</h2>
          <ul className="upload-list">
            {uploads.map((u) => (
              <UploadItem
                key={u.id}
                upload={u}
                duplicate={
                  duplicates.has(u.id) || resent.has(u.id)
                    ? {
                        onConfirm: () => void onConfirmDuplicate(u.id),
                        busy: confirming === u.id,
                        disabled: sending,
                        resent: resent.has(u.id),
                      }
                    : undefined
                }
              />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
