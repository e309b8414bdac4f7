'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useText } from './i18n';

const TEXT = {
  en: { results: 'Results', upload: 'Upload', admin: 'Admin', account: 'Account', signIn: 'Sign in' },
  es: { results: 'Resultados', upload: 'Cargar', admin: 'Administración', account: 'Cuenta', signIn: 'Ingresar' },
};

type NavLink = { href: string; label: string };

/** Main navigation by role: the server checks every page and call again; this only hides what would be refused. */
export function NavLinks({ signedInAs, role }: { signedInAs: string | null; role: string | null }) {
  const pathname = usePathname();
  const t = useText(TEXT);
  const links: NavLink[] = [{ href: '/', label: t.results }];
  if (!signedInAs || role === 'uploader' || role === 'admin') links.push({ href: '/upload', label: t.upload });
  if (role === 'admin') links.push({ href: '/admin', label: t.admin });
  links.push(signedInAs ? { href: '/account', label: t.account } : { href: '/login', label: t.signIn });
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
