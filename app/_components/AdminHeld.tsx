'use client';
// Admin: station reports the checks held (votes over registered, a falling total, a contest not held there, ...).
// They count nowhere until an admin publishes one (counted despite its checks) or rejects it; both are audited.
import { useEffect, useState } from 'react';
import type { HeldReport } from '@/lib/admin/heldStations';
import { AdminNotice } from './AdminNotice';
import { apiCall } from './apiCall';
import { formatInt, formatUtc } from './format';
import { useText } from './i18n';
import styles from './AdminRegionData.module.css';

const TEXT = {
  en: {
    title: 'Held station reports',
    intro: 'Counted nowhere until you decide. Publish counts the report despite its checks; reject refuses it. Both are audited.',
    none: 'No report is held.',
    more: (shown: number, total: number) => `Showing the oldest ${shown} of ${total}.`,
    contest: 'Contest',
    station: 'Station',
    place: 'Place',
    votes: 'Votes',
    reason: 'Why held',
    file: 'File',
    publish: 'Publish',
    reject: 'Reject',
    confirmPublish: (station: string) => `Count station ${station} despite its checks?`,
    confirmReject: (station: string) => `Reject the report of station ${station}?`,
    done: (station: string, state: string) => `Station ${station}: ${state}.`,
    main: 'main',
    refresh: 'Refresh',
  },
  es: {
    title: 'Actas observadas',
    intro: 'No cuentan en ninguna parte hasta que decida. Publicar cuenta el acta pese a las observaciones; rechazar la descarta. Ambas quedan auditadas.',
    none: 'No hay actas observadas.',
    more: (shown: number, total: number) => `Se muestran las ${shown} más antiguas de ${total}.`,
    contest: 'Elección',
    station: 'Mesa',
    place: 'Lugar',
    votes: 'Votos',
    reason: 'Observación',
    file: 'Archivo',
    publish: 'Publicar',
    reject: 'Rechazar',
    confirmPublish: (station: string) => `¿Contar la mesa ${station} pese a las observaciones?`,
    confirmReject: (station: string) => `¿Rechazar el acta de la mesa ${station}?`,
    done: (station: string, state: string) => `Mesa ${station}: ${state}.`,
    main: 'principal',
    refresh: 'Actualizar',
  },
};

export function AdminHeld() {
  const t = useText(TEXT);
  const [held, setHeld] = useState<{ held: HeldReport[]; total: number } | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    const r = await apiCall<{ held: HeldReport[]; total: number }>('/api/admin/held', 'GET');
    if (r.ok) setHeld(r.data);
  }
  useEffect(() => {
    void refresh();
  }, []);

  async function decide(report: HeldReport, decision: 'publish' | 'reject') {
    if (!window.confirm(decision === 'publish' ? t.confirmPublish(report.station) : t.confirmReject(report.station))) return;
    setBusy(true);
    const r = await apiCall<{ state: string }>(`/api/admin/held/${encodeURIComponent(report.id)}`, 'POST', { decision });
    setNotice(r.ok ? { kind: 'ok', text: t.done(report.station, r.data.state) } : { kind: 'error', text: r.message });
    await refresh();
    setBusy(false);
  }

  return (
    <div className={styles.box} data-testid="admin-held" data-total={held?.total ?? 0}>
      <h3>{t.title}</h3>
      <p className="muted">{t.intro}</p>
      <div className={styles.actions}>
        <button type="button" disabled={busy} onClick={() => void refresh()}>
          {t.refresh}
        </button>
      </div>
      <AdminNotice notice={notice} />
      {held && held.held.length === 0 && <p>{t.none}</p>}
      {held && held.held.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t.contest}</th>
                <th>{t.station}</th>
                <th>{t.place}</th>
                <th className="num">{t.votes}</th>
                <th>{t.reason}</th>
                <th>{t.file}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {held.held.map((r) => (
                <tr key={r.id} data-testid="held-row" data-station={r.station} data-contest={r.contest}>
                  <td>{r.contest || t.main}</td>
                  <td>{r.station}</td>
                  <td>{[r.region, r.province, r.district].filter(Boolean).join(' / ')}</td>
                  <td className="num">{formatInt(r.votes)}</td>
                  <td data-testid="held-reason" style={{ whiteSpace: "normal" }}>{r.reason}</td>
                  <td title={formatUtc(r.createdAt)}>{r.filename}</td>
                  <td>
                    <div className={styles.actions}>
                      <button type="button" disabled={busy} onClick={() => void decide(r, 'publish')}>
                        {t.publish}
                      </button>
                      <button type="button" className="button-danger" disabled={busy} onClick={() => void decide(r, 'reject')}>
                        {t.reject}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {held && held.total > held.held.length && <p className="muted">{t.more(held.held.length, held.total)}</p>}
    </div>
  );
}
