'use client';
// Admin: the list of polling stations (csv: station,region,province,district,registered_voters). It replaces the
// whole list, or, if any row is bad, changes nothing and every bad row is listed. The dashboard's "stations
// reporting N of M" and turnout come from it.
import { useEffect, useState, type FormEvent } from 'react';
import type { RowError } from '@/lib/admin/stationsCsv';
import type { StationsSummary } from '@/lib/admin/stationsList';
import { AdminNotice, type AdminNoticeValue } from './AdminNotice';
import { apiCall } from './apiCall';
import { formatInt } from './format';
import { useText } from './i18n';
import { sendFile } from './sendFile';
import styles from './AdminRegionData.module.css';

type Notice = AdminNoticeValue;

const TEXT = {
  en: {
    title: 'Polling stations',
    intro: 'A csv with the header station,region,province,district,registered_voters (province and district may be empty). It replaces the whole list; if any row is bad nothing changes.',
    current: (s: StationsSummary) => `${formatInt(s.stations)} stations in ${formatInt(s.regions)} regions, ${formatInt(s.registered)} registered voters.`,
    none: 'No list uploaded: station reports count, but "stations reporting" has no total.',
    file: 'csv file',
    upload: 'Upload stations list',
    stored: (n: number) => `List stored: ${formatInt(n)} stations.`,
    row: (e: RowError) => `row ${e.row}: ${e.reason}`,
    pick: 'Choose a file first.',
  },
  es: {
    title: 'Mesas de votación',
    intro: 'Un csv con la cabecera station,region,province,district,registered_voters (provincia y distrito pueden ir vacíos). Reemplaza la lista entera; si alguna fila es incorrecta no cambia nada.',
    current: (s: StationsSummary) => `${formatInt(s.stations)} mesas en ${formatInt(s.regions)} regiones, ${formatInt(s.registered)} electores hábiles.`,
    none: 'No hay lista cargada: las actas cuentan, pero "mesas computadas" no tiene total.',
    file: 'Archivo csv',
    upload: 'Cargar lista de mesas',
    stored: (n: number) => `Lista guardada: ${formatInt(n)} mesas.`,
    row: (e: RowError) => `fila ${e.row}: ${e.reason}`,
    pick: 'Elija un archivo primero.',
  },
};

export function AdminStations() {
  const t = useText(TEXT);
  const [summary, setSummary] = useState<StationsSummary | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    const r = await apiCall<StationsSummary>('/api/admin/stations', 'GET');
    if (r.ok) setSummary(r.data);
  }
  useEffect(() => {
    void refresh();
  }, []);

  async function upload(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const file = new FormData(form).get('file');
    if (!(file instanceof File) || file.size === 0) return setNotice({ kind: 'error', text: t.pick });
    setBusy(true);
    setNotice(null);
    const r = await sendFile<{ stations: number; registered: number }, { errors?: RowError[] }>(
      `/api/admin/stations?${new URLSearchParams({ filename: file.name })}`,
      'PUT',
      file,
      'text/csv',
    );
    if (r.ok) {
      form.reset();
      setNotice({ kind: 'ok', text: t.stored(r.data.stations) });
      await refresh();
    } else {
      setNotice({ kind: 'error', text: r.message, rows: r.extra?.errors });
    }
    setBusy(false);
  }

  return (
    <div className={styles.box} data-testid="admin-stations">
      <h3>{t.title}</h3>
      <p className="muted">{t.intro}</p>
      <p className={styles.summary} data-testid="admin-stations-current" data-stations={summary?.stations ?? 0}>
        {summary && summary.stations > 0 ? t.current(summary) : t.none}
      </p>
      <AdminNotice notice={notice} rowText={t.row} rowsTestId="stations-errors" />
      <form className={styles.form} onSubmit={upload}>
        <label htmlFor="stations-file">{t.file}</label>
        <input id="stations-file" name="file" type="file" accept=".csv,text/csv" required />
        <div className={styles.actions}>
          <button type="submit" disabled={busy}>
            {t.upload}
          </button>
        </div>
      </form>
    </div>
  );
}
