'use client';
import { useState } from 'react';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    try {
      await fetch('/api/auth/logout', { method: 'POST' });
    } finally {
      window.location.assign('/login');
    }
  }
  return (
    <button type="button" className="link-button" onClick={signOut} disabled={pending}>
      Sign out
    </button>
  );
}
