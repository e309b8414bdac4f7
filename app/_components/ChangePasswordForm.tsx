'use client';
import { useState, type FormEvent } from 'react';
import { apiCall } from './apiCall';
import { safeNext } from './LoginForm';

export function ChangePasswordForm({ next }: { next?: string }) {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const current = String(f.get('current') ?? '');
    const nextPassword = String(f.get('next') ?? '');
    if (nextPassword !== String(f.get('repeat') ?? '')) {
      setMessage({ kind: 'error', text: 'The two new passwords differ.' });
      return;
    }
    setPending(true);
    const r = await apiCall('/api/auth/password', 'POST', { current, next: nextPassword });
    setPending(false);
    if (!r.ok) {
      setMessage({ kind: 'error', text: r.message });
      return;
    }
    setMessage({ kind: 'ok', text: 'Password changed. Your other sessions were signed out.' });
    if (next) window.location.assign(safeNext(next));
  }

  return (
    <form className="panel login-form" onSubmit={onSubmit}>
      <label htmlFor="pw-current">Current password</label>
      <input id="pw-current" name="current" type="password" autoComplete="current-password" required />
      <label htmlFor="pw-next">New password (at least 10 characters)</label>
      <input id="pw-next" name="next" type="password" autoComplete="new-password" minLength={10} required />
      <label htmlFor="pw-repeat">New password again</label>
      <input id="pw-repeat" name="repeat" type="password" autoComplete="new-password" minLength={10} required />
      <button type="submit" disabled={pending}>
        Change password
      </button>
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
