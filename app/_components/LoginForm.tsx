'use client';
import { useEffect, useState, type FormEvent } from 'react';

const DEFAULT_NEXT = '/upload';

/** Only same-origin paths: "/x" yes; "//host", "/\host", absolute URLs and control characters no. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next[1] === '/' || /[\\\u0000-\u001f\u007f]/.test(next)) return DEFAULT_NEXT;
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? url.pathname + url.search + url.hash : DEFAULT_NEXT;
  } catch {
    return DEFAULT_NEXT;
  }
}

async function messageFrom(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body?.error?.message === 'string' && body.error.message) return body.error.message;
  } catch {
    // not JSON: fall through to a generic message
  }
  return res.status === 429 ? 'Too many sign-in attempts. Try again later.' : `Sign-in failed (HTTP ${res.status}).`;
}

export function LoginForm({ next }: { next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Disabled until hydrated, so an early click cannot post the password natively.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    setPending(true);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }),
      });
      if (res.ok) {
        const body = (await res.json().catch(() => null)) as { user?: { mustChangePassword?: boolean } } | null;
        // A reset or new account first picks its own password, then goes on.
        const to = safeNext(next);
        window.location.assign(body?.user?.mustChangePassword ? `/account?next=${encodeURIComponent(to)}` : to);
        return; // keep the button disabled while the next page loads
      }
      setError(await messageFrom(res));
    } catch {
      setError('Could not reach the server. Check the connection and try again.');
    }
    setPending(false);
  }

  return (
    <form className="panel login-form" method="post" onSubmit={onSubmit}>
      <label htmlFor="login-email">Email</label>
      <input id="login-email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="login-password">Password</label>
      <input id="login-password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={!ready || pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
    </form>
  );
}
