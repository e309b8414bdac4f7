'use client';
import { useEffect, useRef, useState } from 'react';
import type { UploadProgress } from '@/lib/events';
import type { FeedItem } from '@/lib/uploads/uploadFeed';
import { formatInt, formatUtc } from './format';
import { useText } from './i18n';

const TEXT = {
  en: {
    title: 'Latest uploads',
    none: 'No uploads yet.',
    rows: 'rows',
    rejected: 'rejected',
    by: 'by',
    status: { queued: 'queued', processing: 'counting', done: 'counted', failed: 'failed', retracting: 'retracting', retracted: 'retracted' },
  },
  es: {
    title: 'Últimas cargas',
    none: 'Aún no hay cargas.',
    rows: 'filas',
    rejected: 'rechazadas',
    by: 'por',
    status: { queued: 'en cola', processing: 'contando', done: 'contado', failed: 'falló', retracting: 'retirando', retracted: 'retirado' },
  },
};

/** Refetching the list (for a new upload's name) happens at most this often. */
const REFETCH_MS = 2000;

/**
 * Recent uploads with state and row counts, moved by the pushed `uploads:feed` batches; an upload the list does
 * not know yet (a new file) makes it refetch the list once, throttled.
 */
export function UploadsFeed({ initial, batch }: { initial: FeedItem[]; batch: UploadProgress[] }) {
  const t = useText(TEXT);
  const [items, setItems] = useState(initial);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const lastFetch = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  useEffect(() => {
    if (batch.length === 0) return;
    const byId = new Map(batch.map((p) => [p.uploadId, p]));
    const known = new Set(itemsRef.current.map((i) => i.id));
    const unknown = batch.some((p) => !known.has(p.uploadId));
    setItems((prev) =>
      prev.map((i) => {
        const p = byId.get(i.id);
        return p ? { ...i, status: p.status, rowsTotal: p.rowsTotal, rowsAccepted: p.rowsAccepted, rowsRejected: p.rowsRejected } : i;
      }),
    );
    if (!unknown || timer.current) return;
    const wait = Math.max(0, lastFetch.current + REFETCH_MS - Date.now());
    timer.current = setTimeout(async () => {
      timer.current = null;
      lastFetch.current = Date.now();
      const res = await fetch('/api/uploads/feed', { cache: 'no-store' }).catch(() => null);
      if (res?.ok) setItems(((await res.json()) as { uploads: FeedItem[] }).uploads);
    }, wait);
  }, [batch]);

  return (
    <section className="panel feed" aria-labelledby="feed-title" data-testid="uploads-feed">
      <h2 id="feed-title">{t.title}</h2>
      {items.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="feed__list">
          {items.map((i) => (
            <li key={i.id} data-testid="feed-item" data-status={i.status} data-rows={i.rowsAccepted}>
              <span className="feed__name">{i.filename}</span>
              <span className={`badge badge--${i.status}`}>{t.status[i.status]}</span>
              <span className="muted feed__counts">
                {formatInt(i.rowsAccepted)} {t.rows}
                {i.rowsRejected > 0 && ` · ${formatInt(i.rowsRejected)} ${t.rejected}`}
                {i.uploadedBy && ` · ${t.by} ${i.uploadedBy}`} · {formatUtc(i.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
