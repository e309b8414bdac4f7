import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLinks } from './_components/NavLinks';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tally — live results', template: '%s · Tally' },
  description: 'Live election vote counting.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <nav className="site-nav" aria-label="Main">
            <Link href="/" className="brand">
              Tally
            </Link>
            <NavLinks />
          </nav>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
