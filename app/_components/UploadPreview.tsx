'use client';
import { useId } from 'react';
import { formatInt } from './format';
import { ROLES, type ColumnRole, type PreviewRow } from './uploadClient';
import {
  hasSheetChoice,
  isBlocked,
  isChanged,
  isDeferred,
  isMappable,
  roleOf,
  shownSheet,
  type PreviewEntry,
} from './uploadPreviewState';

const OTHER = '';

function extraText(extra: Record<string, string> | null): string {
  if (!extra) return '';
  return Object.entries(extra)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

function Rows({ rows, caption }: { rows: PreviewRow[]; caption: string }) {
  if (rows.length === 0) return <p className="muted">The file has no data rows.</p>;
  return (
    <div className="table-scroll">
      <table className="table preview-rows">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Region</th>
            <th scope="col">Province</th>
            <th scope="col">District</th>
            <th scope="col">Candidate</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Votes
            </th>
            <th scope="col">Voter id</th>
            <th scope="col">Other attributes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) =>
            r.vote ? (
              <tr key={`${r.row}-${i}`} data-testid="preview-row" data-row={r.row} data-rejected="false">
                <th scope="row">{r.row}</th>
                <td>{r.vote.region}</td>
                <td>{r.vote.province}</td>
                <td>{r.vote.district}</td>
                <td>{r.vote.candidate}</td>
                <td>{r.vote.status}</td>
                <td className="num">{formatInt(r.vote.votes)}</td>
                <td>{r.vote.voterId ?? ''}</td>
                <td className="preview-rows__extra">{extraText(r.vote.extra)}</td>
              </tr>
            ) : (
              <tr
                key={`${r.row}-${i}`}
                className="preview-row--rejected"
                data-testid="preview-row"
                data-row={r.row}
                data-rejected="true"
              >
                <th scope="row">{r.row}</th>
                <td colSpan={8} className="preview-rows__reason">
                  <strong>Rejected:</strong> {r.error}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

export interface UploadPreviewProps {
  entry: PreviewEntry;
  /** The user picked another role for a column. */
  onRoleChange: (header: string, role: ColumnRole | null) => void;
  /** The user picked another worksheet (xlsx). */
  onSheetChange: (sheet: string) => void;
  /** Back to the roles the server detected. */
  onReset: () => void;
  /** Ask for the preview of a file too big to preview unasked. */
  onLoad: () => void;
  disabled?: boolean;
}

/** One chosen file before it is sent: its detected format, a role per column, and its first rows as they would count. */
export function UploadPreview({ entry, onRoleChange, onSheetChange, onReset, onLoad, disabled }: UploadPreviewProps) {
  const baseId = useId();
  const { preview, loading, detected } = entry;
  const changed = isChanged(entry);
  const blocked = isBlocked(entry);
  const format = preview?.format ?? entry.auto?.format ?? null;
  const deferred = isDeferred(entry);
  const state = loading ? 'loading' : deferred ? 'deferred' : (preview?.kind ?? 'loading');
  const failure = preview && preview.kind !== 'ok' ? preview : null;
  const rows = preview?.kind === 'ok' ? preview.rows : null;
  const sheets = hasSheetChoice(entry) ? entry.sheets : null;
  const sheet = sheets ? shownSheet(entry) : null;

  return (
    <article
      className={`preview${blocked ? ' preview--blocked' : ''}`}
      data-testid="upload-preview"
      data-filename={entry.file.name}
      data-state={state}
      data-changed={changed ? 'true' : 'false'}
      {...(sheet !== null ? { 'data-sheet': sheet } : {})}
      aria-busy={loading}
      aria-labelledby={`${baseId}-name`}
    >
      <div className="preview__head">
        <h3 className="preview__name" id={`${baseId}-name`}>
          {entry.file.name}
        </h3>
        <span className="preview__badges">
          {format && (
            <span className="badge" data-testid="preview-format" data-format={format}>
              {format.toUpperCase()}
            </span>
          )}
          {changed && <span className="badge badge--custom">your mapping</span>}
        </span>
      </div>

      {sheets && (
        <p className="preview__sheet">
          <label htmlFor={`${baseId}-sheet`}>Worksheet</label>
          <select
            id={`${baseId}-sheet`}
            data-testid="sheet-select"
            value={sheet ?? sheets[0]}
            disabled={disabled}
            onChange={(e) => onSheetChange(e.target.value)}
          >
            {sheets.map((name, i) => (
              <option key={`${i}-${name}`} value={name}>
                {name}
              </option>
            ))}
          </select>
        </p>
      )}

      {loading && (
        <p className="muted" role="status">
          Reading the first rows…
        </p>
      )}

      {deferred && (
        <p className="preview__note">
          <span className="muted">
            This file is large ({formatInt(Math.round(entry.file.size / (1024 * 1024)))} MiB): it will be sent with the
            columns detected automatically unless you check them first.{' '}
          </span>
          <button type="button" className="link-button" onClick={onLoad} disabled={disabled} data-testid="preview-load">
            Preview its columns
          </button>
        </p>
      )}

      {failure && (
        <p className="error" role="alert" data-testid="preview-error" data-code={failure.kind === 'bad_header' ? 'bad_header' : (failure.code ?? '')}>
          {failure.message}
        </p>
      )}
      {blocked && (
        <p className="preview__hint" data-testid="preview-blocked">
          {preview?.kind === 'bad_header'
            ? detected && detected.length > 0
              ? `This file will not be sent until one column is the region and one the candidate (each role at most once). Choose them below${sheets ? ', or choose another worksheet' : ''}.`
              : `This file will not be sent: no column names were found to map.${sheets ? ' Choose another worksheet above.' : ''}`
            : `This file will not be sent: the server cannot read it as it is.${sheets ? ' Choose another worksheet above.' : ''}`}
        </p>
      )}

      {detected && detected.length > 0 && (
        <div className="table-scroll">
          <table className="table mapping-table">
            <caption>Columns and what they count as</caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Counted as</th>
              </tr>
            </thead>
            <tbody>
              {detected.map((c, i) => {
                const id = `${baseId}-col-${i}`;
                const role = roleOf(entry, c.header, c.role);
                const mappable = isMappable(c.header);
                return (
                  <tr key={`${i}-${c.header}`}>
                    <th scope="row" className="mapping-table__header">
                      <label htmlFor={id}>
                        <span className="visually-hidden">Role of column </span>
                        {c.header}
                      </label>
                    </th>
                    <td>
                      <select
                        id={id}
                        data-testid="mapping-select"
                        data-header={c.header}
                        value={role ?? OTHER}
                        disabled={disabled || !mappable}
                        onChange={(e) => onRoleChange(c.header, e.target.value === OTHER ? null : (e.target.value as ColumnRole))}
                      >
                        {ROLES.map((r) => (
                          <option key={r.role} value={r.role}>
                            {r.label}
                          </option>
                        ))}
                        <option value={OTHER}>Other (kept as attribute)</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {changed && (
        <p className="preview__note">
          <span className="muted">Sent with your mapping, in its own request. </span>
          <button type="button" className="link-button" onClick={onReset} disabled={disabled} data-testid="mapping-reset">
            Use the detected columns
          </button>
        </p>
      )}

      {rows && (
        <div className={loading ? 'preview__rows preview__rows--stale' : 'preview__rows'}>
          <Rows rows={rows} caption={`First ${formatInt(rows.length)} ${rows.length === 1 ? 'row' : 'rows'} as they would be counted`} />
        </div>
      )}
    </article>
  );
}
