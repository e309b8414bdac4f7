'use client';
// Admin: the contests of the night, their seats (winners) and the regions where each is held. A contest exists as
// soon as a row names it; here an admin sets its seats and scope. A station report of a contest outside its scope
// is held (checks before publishing).
import { useEffect, useState, type FormEvent } from 'react';
import type { ContestInfo } from '@/lib/events';
import { AdminNotice } from './AdminNotice';
import { apiCall } from './apiCall';
import { useText } from './i18n';
import styles from './AdminRegionData.module.css';

const TEXT = {
  en: {
    title: 'Contests',
    intro: 'Rows name their contest (column contest, eleccion, cargo, office or race); rows without one count in the main contest. Scope: the regions where the contest is held, comma-separated; empty means everywhere.',
    name: 'Name',
    seats: 'Seats',
    scope: 'Scope',
    everywhere: 'everywhere',
    main: '(main contest)',
    save: 'Save contest',
    saved: (name: string) => `Contest ${name || '(main)'} saved.`,
  },
  es: {
    title: 'Elecciones',
    intro: 'Las filas nombran su elección (columna contest, eleccion, cargo, office o race); las que no, cuentan en la elección principal. Ámbito: las regiones donde se vota, separadas por comas; vacío es en todas.',
    name: 'Nombre',
    seats: 'Escaños',
    scope: 'Ámbito',
    everywhere: 'todas',
    main: '(elección principal)',
    save: 'Guardar elección',
    saved: (name: string) => `Elección ${name || '(principal)'} guardada.`,
  },
};

export function AdminContests() {
  const t = useText(TEXT);
  const [contests, setContests] = useState<ContestInfo[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function refresh() {
    const r = await apiCall<{ contests: ContestInfo[] }>('/api/contests', 'GET');
    if (r.ok) setContests(r.data.contests);
  }
  useEffect(() => {
    void refresh();
  }, []);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '');
    const scope = String(data.get('scope') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const r = await apiCall<ContestInfo>('/api/admin/contests', 'PUT', { name, seats: Number(data.get('seats') ?? 1), scope });
    setNotice(r.ok ? { kind: 'ok', text: t.saved(r.data.name) } : { kind: 'error', text: r.message });
    if (r.ok) {
      form.reset();
      await refresh();
    }
  }

  return (
    <div className={styles.box} data-testid="admin-contests">
      <h3>{t.title}</h3>
      <p className="muted">{t.intro}</p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{t.name}</th>
              <th className="num">{t.seats}</th>
              <th>{t.scope}</th>
            </tr>
          </thead>
          <tbody>
            {contests.map((c) => (
              <tr key={c.name} data-testid="contest-row" data-contest={c.name}>
                <td>{c.name || t.main}</td>
                <td className="num">{c.seats}</td>
                <td style={{ whiteSpace: 'normal' }}>{c.scope ? c.scope.join(', ') : t.everywhere}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AdminNotice notice={notice} />
      <form className={styles.form} onSubmit={save}>
        <label htmlFor="contest-name">{t.name}</label>
        <input id="contest-name" name="name" maxLength={200} />
        <label htmlFor="contest-seats">{t.seats}</label>
        <input id="contest-seats" name="seats" type="number" min={1} max={1000} defaultValue={1} required />
        <label htmlFor="contest-scope">{t.scope}</label>
        <input id="contest-scope" name="scope" placeholder={t.everywhere} />
        <div className={styles.actions}>
          <button type="submit">{t.save}</button>
        </div>
      </form>
    </div>
  );
}
