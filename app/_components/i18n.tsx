'use client';
// Spanish / English. The choice lives in a cookie so the server renders the first paint in the reader's language;
// each component keeps its own small dictionary next to its markup and picks with useLang().
import { createContext, useContext, type ReactNode } from 'react';
import { LANG_COOKIE, type Lang } from './lang';

const LangContext = createContext<Lang>('en');

export function LangProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

/** `useText({en: {...}, es: {...}})` → the current language's strings (both dictionaries have the same keys). */
export function useText<T>(dict: Record<Lang, T>): T {
  return dict[useLang()];
}

/** Sets the cookie for a year and reloads the page's server components in the new language. */
export function chooseLang(lang: Lang): void {
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}
