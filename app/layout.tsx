import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { SESSION_COOKIE, getSessionUser } from '@/lib/auth/session';
import { LangProvider } from './_components/i18n';
import { LangSwitch } from './_components/LangSwitch';
import { LANG_COOKIE, parseLang } from './_components/lang';
import { NavLinks } from './_components/NavLinks';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tally — live results', template: '%s · Tally' },
  description: 'Live election vote counting.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  const user = await getSessionUser(jar.get(SESSION_COOKIE)?.value);
  const lang = parseLang(jar.get(LANG_COOKIE)?.value);
  return (
    <html lang={lang}>
      <body>
        <LangProvider lang={lang}>
        <header className="site-header">
          <nav className="site-nav" aria-label="Main">
            <Link href="/" className="brand">
              Tally
            </Link>
            <NavLinks signedInAs={user?.email ?? null} role={user?.role ?? null} />
            <LangSwitch />
          </nav>
        </header>
        <main className="site-main">{children}</main>
        </LangProvider>
      </body>
    </html>
  );
}
