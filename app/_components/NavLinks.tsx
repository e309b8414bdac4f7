'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

type NavLink = { href: string; label: string };

/** Main navigation by role: the server checks every page and call again; this only hides what would be refused. */
export function NavLinks({ signedInAs, role }: { signedInAs: string | null; role: string | null }) {
  const pathname = usePathname();
  const links: NavLink[] = [{ href: '/', label: 'Results' }];
  if (!signedInAs || role === 'uploader' || role === 'admin') links.push({ href: '/upload', label: 'Upload' });
  if (role === 'admin') links.push({ href: '/admin', label: 'Admin' });
  links.push(signedInAs ? { href: '/account', label: 'Account' } : { href: '/login', label: 'Sign in' });
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
