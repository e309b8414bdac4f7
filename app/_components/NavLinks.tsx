'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Results' },
  { href: '/upload', label: 'Upload' },
] as const;

/** Main navigation; "Sign in" only for visitors who are not signed in. */
export function NavLinks({ signedInAs }: { signedInAs: string | null }) {
  const pathname = usePathname();
  const links = signedInAs ? LINKS : [...LINKS, { href: '/login', label: 'Sign in' } as const];
  return (
    <ul className="nav">
      {links.map((l) => (
        <li key={l.href}>
          <Link href={l.href} aria-current={pathname === l.href ? 'page' : undefined}>
            {l.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
