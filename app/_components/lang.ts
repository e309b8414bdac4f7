// Shared by server components (reading the cookie) and the browser (setting it).
export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];
export const LANG_COOKIE = 'tally_lang';

/** Unknown or missing → English. */
export function parseLang(value: string | undefined | null): Lang {
  return value === 'es' ? 'es' : 'en';
}
