import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { SESSION_COOKIE, getSessionUser } from '@/lib/auth/session';
import { NavLinks } from './_components/NavLinks';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tally — live results', template: '%s · Tally' },
  description: 'Live election vote counting.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser((await cookies()).get(SESSION_COOKIE)?.value);
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <nav className="site-nav" aria-label="Main">
            <Link href="/" className="brand">
              Tally
            </Link>
            <NavLinks signedInAs={user?.email ?? null} role={user?.role ?? null} />
          </nav>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
