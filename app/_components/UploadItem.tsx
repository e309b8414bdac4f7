import { formatInt } from './format';
import { isFinished, type UploadView } from './uploadClient';

const MAX_ERRORS_SHOWN = 20;

function ChunkProgress({ upload }: { upload: UploadView }) {
  const label = `Processing ${upload.filename}`;
  if (upload.status === 'done') return <progress value={1} max={1} aria-label={label} />;
  // Indeterminate until the file is parsed and the number of chunks is known.
  if (upload.chunksTotal === null || upload.chunksTotal === 0) {
    return isFinished(upload.status) ? <progress value={0} max={1} aria-label={label} /> : <progress aria-label={label} />;
  }
  return <progress value={upload.chunksDone} max={upload.chunksTotal} aria-label={label} />;
}

function RowErrors({ id, errors, rejected }: { id: string; errors: UploadView['errors']; rejected: number }) {
  if (!errors || errors.length === 0) return null;
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  return (
    <details className="upload-errors" open={errors.length <= 5}>
      <summary>
        Rejected rows{rejected > shown.length ? ` (first ${shown.length} of ${formatInt(rejected)})` : ''}
      </summary>
      <ul data-testid="upload-errors">
        {shown.map((e, i) => (
          <li key={`${e.row}-${i}`}>
            Row {e.row}: {e.reason}
          </li>
        ))}
      </ul>
      <p>
        All rejected rows: <a href={`/api/uploads/${id}/errors?format=csv`}>CSV</a> ·{' '}
        <a href={`/api/uploads/${id}/errors?format=json`}>JSON</a>
      </p>
    </details>
  );
}

/** For a file refused as byte-identical to an earlier one: how to send it again as a new batch. */
export interface DuplicateAction {
  onConfirm: () => void;
  /** This file is being sent again right now. */
  busy: boolean;
  /** Another upload is being sent. */
  disabled: boolean;
  /** Already sent again (its new upload is listed separately). */
  resent: boolean;
}

function DuplicateActions({ action }: { action: DuplicateAction }) {
  if (action.resent) {
    return (
      <p className="muted" data-testid="duplicate-resent">
        Sent again as a new batch.
      </p>
    );
  }
  return (
    <div className="upload-item__actions">
      <button
        type="button"
        data-testid="confirm-duplicate"
        onClick={action.onConfirm}
        disabled={action.busy || action.disabled}
      >
        {action.busy ? 'Sending…' : 'Count it as a new batch'}
      </button>
    </div>
  );
}

export function UploadItem({ upload, duplicate }: { upload: UploadView; duplicate?: DuplicateAction }) {
  return (
    <li className={`upload-item upload-item--${upload.status}`} data-testid="upload-item" data-upload-id={upload.id} data-status={upload.status}>
      <div className="upload-item__head">
        <span className="upload-item__name">{upload.filename}</span>
        <span className={`badge badge--${upload.status}`}>{upload.status}</span>
      </div>
      <ChunkProgress upload={upload} />
      <div className="upload-item__counts">
        <span data-testid="rows-accepted" data-value={upload.rowsAccepted}>
          Accepted: {formatInt(upload.rowsAccepted)}
        </span>
        <span data-testid="rows-rejected" data-value={upload.rowsRejected}>
          Rejected: {formatInt(upload.rowsRejected)}
        </span>
        {upload.chunksTotal !== null && (
          <span className="muted">
            Chunks {formatInt(upload.chunksDone)}/{formatInt(upload.chunksTotal)}
          </span>
        )}
      </div>
      {upload.error && (
        <p className="error" data-testid="upload-item-error">
          {upload.error}
        </p>
      )}
      {duplicate && upload.errorCode === 'duplicate_file' && <DuplicateActions action={duplicate} />}
      <RowErrors id={upload.id} errors={upload.errors} rejected={upload.rowsRejected} />
    </li>
  );
}
