'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Results' },
  { href: '/upload', label: 'Upload' },
  { href: '/login', label: 'Sign in' },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="nav">
      {LINKS.map((l) => (
        <li key={l.href}>
          <Link href={l.href} aria-current={pathname === l.href ? 'page' : undefined}>
            {l.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
