'use client';
import { useRouter } from 'next/navigation';
import { chooseLang, useLang } from './i18n';
import { LANGS } from './lang';

const NAMES = { en: 'English', es: 'Español' } as const;

/** EN | ES: sets the cookie and re-renders the server components; live state on the page is kept. */
export function LangSwitch() {
  const lang = useLang();
  const router = useRouter();
  return (
    <div className="lang-switch" role="group" aria-label="Language / Idioma">
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          title={NAMES[l]}
          data-testid={`lang-${l}`}
          onClick={() => {
            chooseLang(l);
            router.refresh();
          }}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
