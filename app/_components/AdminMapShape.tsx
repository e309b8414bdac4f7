'use client';
// Admin: the map of the country's regions. Upload a GeoJSON or TopoJSON file (checked and slimmed by the server),
// see how many regions of the current results it covers, or remove it (back to the built-in US map or tiles).
import { useEffect, useState, type FormEvent } from 'react';
import type { MapShape } from '@/lib/regions/mapShape';
import type { ShapeMatch } from '@/lib/regions/mapShapeStore';
import { apiCall } from './apiCall';
import { formatInt, formatUtc } from './format';
import { useText } from './i18n';
import { sendFile } from './sendFile';
import styles from './AdminRegionData.module.css';

type ShapeInfo = Omit<MapShape, 'data'>;
type Notice = { kind: 'ok' | 'error'; text: string; list?: string[] } | null;

const TEXT = {
  en: {
    title: 'Results map',
    intro: 'For a country other than the US: a GeoJSON FeatureCollection or TopoJSON Topology of its regions (at most 5 MB). Results regions are matched to the shapes by name (case, accents and punctuation are ignored).',
    current: (s: ShapeInfo) => `${s.filename || 'Uploaded map'} (${s.format}): ${formatInt(s.names.length)} regions named by "${s.nameProperty}", uploaded ${formatUtc(s.uploadedAt)}.`,
    none: 'No map uploaded: the dashboard shows the built-in US states when the results are US states, else one tile per region.',
    file: 'Map file (.geojson, .json, .topojson)',
    nameProperty: 'Property with the region name (empty: detect name, NAME, NOMBDEP, …)',
    upload: 'Upload map',
    remove: 'Remove map',
    confirmRemove: 'Remove the uploaded map?',
    stored: (m: ShapeMatch) => `Map stored. It matches ${m.matched} of the ${m.regions} regions in the current results; ${m.shapesWithoutResults} of its regions have no results yet.`,
    unmatched: 'Result regions not on the map:',
    choose: 'Choose the property that names the regions; the file has:',
    removed: 'Map removed.',
    nothing: 'There was no map to remove.',
    pick: 'Choose a file first.',
  },
  es: {
    title: 'Mapa de resultados',
    intro: 'Para un país que no sea EE. UU.: un GeoJSON FeatureCollection o TopoJSON Topology de sus regiones (máximo 5 MB). Las regiones de los resultados se emparejan por nombre (sin importar mayúsculas, tildes ni puntuación).',
    current: (s: ShapeInfo) => `${s.filename || 'Mapa cargado'} (${s.format}): ${formatInt(s.names.length)} regiones nombradas por "${s.nameProperty}", cargado ${formatUtc(s.uploadedAt)}.`,
    none: 'No hay mapa cargado: el tablero muestra los estados de EE. UU. incluidos si los resultados son de EE. UU.; si no, un recuadro por región.',
    file: 'Archivo del mapa (.geojson, .json, .topojson)',
    nameProperty: 'Propiedad con el nombre de la región (vacío: detectar name, NAME, NOMBDEP, …)',
    upload: 'Cargar mapa',
    remove: 'Quitar mapa',
    confirmRemove: '¿Quitar el mapa cargado?',
    stored: (m: ShapeMatch) => `Mapa guardado. Coincide con ${m.matched} de las ${m.regions} regiones de los resultados actuales; ${m.shapesWithoutResults} de sus regiones aún no tienen resultados.`,
    unmatched: 'Regiones de los resultados que no están en el mapa:',
    choose: 'Elija la propiedad que nombra las regiones; el archivo tiene:',
    removed: 'Mapa quitado.',
    nothing: 'No había mapa que quitar.',
    pick: 'Elija un archivo primero.',
  },
};

export function AdminMapShape() {
  const t = useText(TEXT);
  const [shape, setShape] = useState<ShapeInfo | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [properties, setProperties] = useState<string[]>([]);

  async function refresh() {
    const r = await apiCall<{ shape: ShapeInfo | null }>('/api/map-shape?data=false', 'GET');
    if (r.ok) setShape(r.data.shape);
  }
  useEffect(() => {
    void refresh();
  }, []);

  async function upload(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const file = f.get('file');
    if (!(file instanceof File) || file.size === 0) return setNotice({ kind: 'error', text: t.pick });
    const q = new URLSearchParams({ filename: file.name });
    const nameProperty = String(f.get('nameProperty') ?? '').trim();
    if (nameProperty) q.set('nameProperty', nameProperty);
    setBusy(true);
    setNotice(null);
    const r = await sendFile<{ shape: ShapeInfo; match: ShapeMatch }, { nameProperties?: string[] }>(`/api/admin/map-shape?${q}`, 'PUT', file, 'application/json');
    if (r.ok) {
      form.reset();
      setProperties([]);
      setShape(r.data.shape);
      setNotice({ kind: 'ok', text: t.stored(r.data.match), list: r.data.match.unmatchedRegions });
    } else {
      setProperties(r.extra?.nameProperties ?? []);
      setNotice({ kind: 'error', text: r.message });
    }
    setBusy(false);
  }

  async function remove() {
    if (!window.confirm(t.confirmRemove)) return;
    setBusy(true);
    const r = await apiCall<{ removed: boolean }>('/api/admin/map-shape', 'DELETE');
    setNotice(r.ok ? { kind: 'ok', text: r.data.removed ? t.removed : t.nothing } : { kind: 'error', text: r.message });
    await refresh();
    setBusy(false);
  }

  return (
    <div className={styles.box} data-testid="admin-map-shape">
      <h3>{t.title}</h3>
      <p className="muted">{t.intro}</p>
      <p data-testid="admin-map-shape-current">{shape ? t.current(shape) : t.none}</p>
      {notice && (
        <div className={notice.kind === 'error' ? styles.error : styles.ok} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <p>{notice.text}</p>
          {notice.list && notice.list.length > 0 && (
            <p>
              {t.unmatched} {notice.list.join(', ')}
            </p>
          )}
          {properties.length > 0 && (
            <p>
              {t.choose} <code>{properties.join(', ')}</code>
            </p>
          )}
        </div>
      )}
      <form className={styles.form} onSubmit={upload}>
        <label htmlFor="map-shape-file">{t.file}</label>
        <input id="map-shape-file" name="file" type="file" accept=".geojson,.json,.topojson,application/json,application/geo+json" required />
        <label htmlFor="map-shape-name">{t.nameProperty}</label>
        <input id="map-shape-name" name="nameProperty" list="map-shape-properties" maxLength={100} autoComplete="off" />
        <datalist id="map-shape-properties">
          {properties.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <div className={styles.actions}>
          <button type="submit" disabled={busy}>
            {t.upload}
          </button>
          {shape && (
            <button type="button" className="button-danger" disabled={busy} onClick={() => void remove()}>
              {t.remove}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
