'use client';
// The answer to an admin form: ok or error, with the bad rows of a refused csv (row number and reason) and notes.
import type { ReactNode } from 'react';
import type { RowError } from '@/lib/admin/stationsCsv';
import styles from './AdminRegionData.module.css';


export type AdminNoticeValue = { kind: 'ok' | 'error'; text: string; rows?: RowError[]; notes?: string[] } | null;

export function AdminNotice({ notice, rowText, rowsTestId, children }: {
  notice: AdminNoticeValue;
  rowText?: (e: RowError) => string;
  rowsTestId?: string;
  children?: ReactNode;
}) {
  if (!notice) return null;
  return (
    <div className={notice.kind === 'error' ? styles.error : styles.ok} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <p>{notice.text}</p>
      {notice.rows && notice.rows.length > 0 && rowText && (
        <ul className={styles.errors} data-testid={rowsTestId}>
          {notice.rows.map((e) => (
            <li key={`${e.row}-${e.reason}`}>{rowText(e)}</li>
          ))}
        </ul>
      )}
      {notice.notes?.map((n) => (
        <p key={n}>{n}</p>
      ))}
      {children}
    </div>
  );
}
