'use client';
// Admin: registered voters (and optionally votes expected) per region, for turnout and share counted. A csv
// replaces the whole list, or, if any row is bad, changes nothing and every bad row is listed.
import { useEffect, useState, type FormEvent } from 'react';
import type { RowError } from '@/lib/regions/expectedVotersCsv';
import type { ExpectedMatch } from '@/lib/regions/expectedVotersStore';
import type { ExpectedVoters } from '@/lib/results/turnout';
import { AdminNotice, type AdminNoticeValue } from './AdminNotice';
import { apiCall } from './apiCall';
import { formatInt } from './format';
import { useText } from './i18n';
import { sendFile } from './sendFile';
import styles from './AdminRegionData.module.css';

type Notice = AdminNoticeValue;

const TEXT = {
  en: {
    title: 'Expected voters',
    intro: 'A csv with the header region,registered_voters or region,registered_voters,expected_votes (at most 1 MB). It replaces the whole list; if any row is bad nothing changes.',
    current: (n: number, registered: string) => `${n} regions, ${registered} registered voters.`,
    none: 'No list uploaded: the dashboard shows no turnout.',
    file: 'csv file',
    upload: 'Upload list',
    clear: 'Clear list',
    confirmClear: 'Clear the expected-voters list?',
    stored: (n: number) => `List stored: ${n} regions.`,
    noResults: (list: string) => `No results yet for: ${list}`,
    notListed: (list: string) => `Result regions not in the list: ${list}`,
    row: (e: RowError) => `row ${e.row}: ${e.reason}`,
    cleared: (n: number) => `List cleared (${n} regions).`,
    pick: 'Choose a file first.',
  },
  es: {
    title: 'Electores por región',
    intro: 'Un csv con la cabecera region,registered_voters o region,registered_voters,expected_votes (máximo 1 MB). Reemplaza la lista entera; si alguna fila es incorrecta no cambia nada.',
    current: (n: number, registered: string) => `${n} regiones, ${registered} electores hábiles.`,
    none: 'No hay lista cargada: el tablero no muestra la participación.',
    file: 'Archivo csv',
    upload: 'Cargar lista',
    clear: 'Borrar lista',
    confirmClear: '¿Borrar la lista de electores?',
    stored: (n: number) => `Lista guardada: ${n} regiones.`,
    noResults: (list: string) => `Aún sin resultados: ${list}`,
    notListed: (list: string) => `Regiones de los resultados que no están en la lista: ${list}`,
    row: (e: RowError) => `fila ${e.row}: ${e.reason}`,
    cleared: (n: number) => `Lista borrada (${n} regiones).`,
    pick: 'Elija un archivo primero.',
  },
};

export function AdminExpectedVoters() {
  const t = useText(TEXT);
  const [list, setList] = useState<ExpectedVoters[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    const r = await apiCall<{ regions: ExpectedVoters[] }>('/api/expected-voters', 'GET');
    if (r.ok) setList(r.data.regions);
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
    const r = await sendFile<{ regions: ExpectedVoters[]; match: ExpectedMatch }, { errors?: RowError[] }>(
      `/api/admin/expected-voters?${new URLSearchParams({ filename: file.name })}`,
      'PUT',
      file,
      'text/csv',
    );
    if (r.ok) {
      form.reset();
      setList(r.data.regions);
      const m = r.data.match;
      const notes = [
        m.expectedWithoutResults.length > 0 ? t.noResults(m.expectedWithoutResults.join(', ')) : '',
        m.resultsWithoutExpected.length > 0 ? t.notListed(m.resultsWithoutExpected.join(', ')) : '',
      ].filter(Boolean);
      setNotice({ kind: 'ok', text: t.stored(r.data.regions.length), notes });
    } else {
      setNotice({ kind: 'error', text: r.message, rows: r.extra?.errors });
    }
    setBusy(false);
  }

  async function clear() {
    if (!window.confirm(t.confirmClear)) return;
    setBusy(true);
    const r = await apiCall<{ removed: number }>('/api/admin/expected-voters', 'DELETE');
    setNotice(r.ok ? { kind: 'ok', text: t.cleared(r.data.removed) } : { kind: 'error', text: r.message });
    await refresh();
    setBusy(false);
  }

  const registered = (list ?? []).reduce((n, e) => n + e.registered, 0);
  return (
    <div className={styles.box} data-testid="admin-expected-voters">
      <h3>{t.title}</h3>
      <p className="muted">{t.intro}</p>
      <p className={styles.summary} data-testid="admin-expected-voters-current">
        {list && list.length > 0 ? t.current(list.length, formatInt(registered)) : t.none}
      </p>
      <AdminNotice notice={notice} rowText={t.row} rowsTestId="expected-voters-errors" />
      <form className={styles.form} onSubmit={upload}>
        <label htmlFor="expected-voters-file">{t.file}</label>
        <input id="expected-voters-file" name="file" type="file" accept=".csv,text/csv" required />
        <div className={styles.actions}>
          <button type="submit" disabled={busy}>
            {t.upload}
          </button>
          {list && list.length > 0 && (
            <button type="button" className="button-danger" disabled={busy} onClick={() => void clear()}>
              {t.clear}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
