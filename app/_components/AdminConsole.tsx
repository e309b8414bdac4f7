'use client';
// The admin console: accounts, API tokens, resetting the counts and the audit log. Every action goes through the
// admin API, which checks the role again; secrets (temporary passwords, tokens) are shown once and never stored here.
import { useState, type FormEvent } from 'react';
import type { TokenView } from '@/lib/admin/tokens';
import type { UserView } from '@/lib/admin/users';
import type { AuditEntryView } from '@/lib/audit/auditLog';
import { ROLES } from '@/lib/auth/roles';
import { RESULTS_STATUSES, type ResultsStatusValue } from '@/lib/results/resultsStatusValues';
import { AdminContests } from './AdminContests';
import { AdminExpectedVoters } from './AdminExpectedVoters';
import { AdminHeld } from './AdminHeld';
import { AdminMapShape } from './AdminMapShape';
import { AdminStations } from './AdminStations';
import { apiCall } from './apiCall';
import { formatInt, formatUtc } from './format';

type Notice = { kind: 'ok' | 'error'; text: string; secret?: string } | null;


export function AdminConsole(props: {
  me: string;
  initialUsers: UserView[];
  initialTokens: TokenView[];
  initialAudit: AuditEntryView[];
  initialStatus: ResultsStatusValue;
}) {
  const [status, setStatus] = useState(props.initialStatus);
  const [users, setUsers] = useState(props.initialUsers);
  const [tokens, setTokens] = useState(props.initialTokens);
  const [audit, setAudit] = useState(props.initialAudit);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    const [u, t, a] = await Promise.all([
      apiCall<{ users: UserView[] }>('/api/admin/users', 'GET'),
      apiCall<{ tokens: TokenView[] }>('/api/admin/tokens', 'GET'),
      apiCall<{ entries: AuditEntryView[] }>('/api/admin/audit?limit=50', 'GET'),
    ]);
    if (u.ok) setUsers(u.data.users);
    if (t.ok) setTokens(t.data.tokens);
    if (a.ok) setAudit(a.data.entries);
  }

  async function act<T>(run: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, done: (data: T) => Notice) {
    setBusy(true);
    setNotice(null);
    const r = await run();
    setNotice(r.ok ? done(r.data) : { kind: 'error', text: r.message });
    await refresh();
    setBusy(false);
  }

  function createUser(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body = { email: String(f.get('email') ?? ''), name: String(f.get('name') ?? ''), role: String(f.get('role') ?? 'uploader') };
    void act(
      () => apiCall<{ user: UserView; temporaryPassword: string }>('/api/admin/users', 'POST', body),
      (d) => {
        form.reset();
        return { kind: 'ok', text: `Account ${d.user.email} created. Temporary password (shown once; they must change it at first sign-in):`, secret: d.temporaryPassword };
      },
    );
  }

  function createToken(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body = { userId: String(f.get('userId') ?? ''), name: String(f.get('name') ?? '') };
    void act(
      () => apiCall<{ id: string; token: string }>('/api/admin/tokens', 'POST', body),
      (d) => {
        form.reset();
        return { kind: 'ok', text: 'Token created. Copy it now: it is shown once.', secret: d.token };
      },
    );
  }

  function reset(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const confirm = String(new FormData(form).get('confirm') ?? '');
    void act(
      () => apiCall<{ version: number; before: { votes: number }; cancelledUploads: number }>('/api/admin/reset', 'POST', { confirm }),
      (d) => {
        form.reset();
        return { kind: 'ok', text: `Counts reset at version ${d.version}: ${formatInt(d.before.votes)} votes cleared, ${d.cancelledUploads} running upload(s) cancelled.` };
      },
    );
  }

  return (
    <div className="admin">
      <div className="page-head">
        <h1>Admin</h1>
      </div>
      {notice && (
        <div className={notice.kind === 'error' ? 'error' : 'panel'} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <p>{notice.text}</p>
          {notice.secret && (
            <p>
              <code data-testid="shown-once-secret">{notice.secret}</code>
            </p>
          )}
        </div>
      )}

      <section className="panel" aria-labelledby="users-title">
        <h2 id="users-title">Accounts</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Tokens</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-testid={`user-${u.email}`}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={busy || u.id === props.me}
                      onChange={(e) => void act(() => apiCall(`/api/admin/users/${u.id}`, 'PATCH', { role: e.target.value }), () => ({ kind: 'ok', text: `${u.email} is now ${e.target.value}.` }))}
                    >
                      <Options values={ROLES} />
                    </select>
                  </td>
                  <td>{u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : 'active'}</td>
                  <td>{u.activeTokens}</td>
                  <td>
                    {u.id !== props.me && (
                      <>
                        <button type="button" className="link-button" disabled={busy} onClick={() => void act(() => apiCall(`/api/admin/users/${u.id}`, 'PATCH', { disabled: !u.disabled }), () => ({ kind: 'ok', text: `${u.email} ${u.disabled ? 'enabled' : 'disabled; their sessions and tokens stopped'}.` }))}>
                          {u.disabled ? 'Enable' : 'Disable'}
                        </button>{' '}
                        <button type="button" className="link-button" disabled={busy} onClick={() => void act(() => apiCall<{ temporaryPassword: string }>(`/api/admin/users/${u.id}/password`, 'POST'), (d) => ({ kind: 'ok', text: `New temporary password for ${u.email} (shown once):`, secret: d.temporaryPassword }))}>
                          Reset password
                        </button>{' '}
                        <button
                          type="button"
                          className="link-button"
                          disabled={busy}
                          onClick={() => {
                            if (window.confirm(`Delete the account ${u.email}? Their uploads stay.`)) {
                              void act(() => apiCall(`/api/admin/users/${u.id}`, 'DELETE'), () => ({ kind: 'ok', text: `${u.email} deleted.` }));
                            }
                          }}
                        >
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form className="admin-form" onSubmit={createUser}>
          <h3>New account</h3>
          <label htmlFor="new-email">Email</label>
          <input id="new-email" name="email" type="email" required />
          <label htmlFor="new-name">Name</label>
          <input id="new-name" name="name" />
          <label htmlFor="new-role">Role</label>
          <select id="new-role" name="role" defaultValue="uploader">
            <Options values={ROLES} />
          </select>
          <button type="submit" disabled={busy}>
            Create account
          </button>
        </form>
      </section>

      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <p className="muted">For scripts and counting-centre feeds: a token acts as its user, with that user&apos;s role.</p>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">User</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.userEmail}</td>
                  <td>{formatUtc(t.createdAt)}</td>
                  <td>{formatUtc(t.lastUsedAt)}</td>
                  <td>{t.revokedAt ? `revoked ${formatUtc(t.revokedAt)}` : 'active'}</td>
                  <td>
                    {!t.revokedAt && (
                      <button type="button" className="link-button" disabled={busy} onClick={() => void act(() => apiCall(`/api/admin/tokens/${t.id}`, 'DELETE'), () => ({ kind: 'ok', text: `Token ${t.name} revoked.` }))}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form className="admin-form" onSubmit={createToken}>
          <h3>New token</h3>
          <label htmlFor="token-user">For user</label>
          <select id="token-user" name="userId" required>
            {users.filter((u) => !u.disabled).map((u) => (
              <option key={u.id} value={u.id}>
                {u.email} ({u.role})
              </option>
            ))}
          </select>
          <label htmlFor="token-name">Name</label>
          <input id="token-name" name="name" required placeholder="e.g. Lima counting centre" />
          <button type="submit" disabled={busy}>
            Create token
          </button>
        </form>
      </section>

      <section className="panel" aria-labelledby="status-title">
        <h2 id="status-title">Results status</h2>
        <p className="muted">What the published numbers are; the election report (/api/results/report) carries it.</p>
        <select
          aria-label="Results status"
          value={status}
          disabled={busy}
          onChange={(e) => {
            const next = e.target.value as ResultsStatusValue;
            void act(
              () => apiCall<{ status: ResultsStatusValue }>('/api/admin/results-status', 'PUT', { status: next }),
              (d) => {
                setStatus(d.status);
                return { kind: 'ok', text: `Results status is now ${d.status}.` };
              },
            );
          }}
        >
          <Options values={RESULTS_STATUSES} />
        </select>
      </section>

      <section className="panel" aria-label="Results map"><AdminMapShape /></section>
      <section className="panel" aria-label="Expected voters"><AdminExpectedVoters /></section>
      <section className="panel" aria-label="Held station reports"><AdminHeld /></section>
      <section className="panel" aria-label="Polling stations"><AdminStations /></section>
      <section className="panel" aria-label="Contests"><AdminContests /></section>
      <section className="panel" aria-labelledby="reset-title">
        <h2 id="reset-title">Reset the counts</h2>
        <p>
          Clears every tally and stored row and cancels uploads that are running; every dashboard drops to zero at once. Uploads keep their
          history and their files may be uploaded again. Recorded in the audit log with the results as they stood.
        </p>
        <form className="admin-form" onSubmit={reset}>
          <label htmlFor="reset-confirm">Type RESET to confirm</label>
          <input id="reset-confirm" name="confirm" autoComplete="off" required pattern="RESET" />
          <button type="submit" className="button-danger" disabled={busy}>
            Reset all counts
          </button>
        </form>
      </section>

      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit log</h2>
        <div className="table-scroll">
          <table className="table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{formatUtc(a.at)}</td>
                  <td>{a.actorEmail || 'system'}</td>
                  <td>{a.action}</td>
                  <td>{a.subject}</td>
                  <td>
                    <AuditDetails action={a.action} details={a.details} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function AuditDetails({ action, details }: { action: string; details: unknown }) {
  const d = (details ?? {}) as Record<string, unknown>;
  if (action === 'counts.reset') {
    const b = (d.before ?? {}) as Record<string, number>;
    return (
      <span>
        before: {formatInt(b.votes ?? 0)} votes (valid {formatInt(b.valid ?? 0)}, blank {formatInt(b.blank ?? 0)}, null {formatInt(b.null ?? 0)}),{' '}
        {formatInt(b.rows ?? 0)} rows, {String(d.cancelledUploads ?? 0)} uploads cancelled
      </span>
    );
  }
  if (action === 'upload.retract') {
    return (
      <span>
        {String(d.filename ?? '')}: {formatInt(Number(d.votesRemoved ?? 0))} votes, {formatInt(Number(d.rowsRemoved ?? 0))} rows removed
      </span>
    );
  }
  const text = JSON.stringify(d);
  return <span className="muted">{text === '{}' ? '' : text}</span>;
}

function Options({ values }: { values: readonly string[] }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {v}
    </option>
  ));
}
