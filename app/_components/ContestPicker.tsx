'use client';
// Which contest the dashboard shows. The choice lives in the URL (?contest=), so a link shares it.
import type { ContestInfo } from '@/lib/events';
import { useText } from './i18n';

const TEXT = {
  en: { label: 'Contest', default: 'Main contest', seats: (n: number) => `${n} seats` },
  es: { label: 'Elección', default: 'Elección principal', seats: (n: number) => `${n} escaños` },
};

export function ContestPicker({ contests, value, onChange }: { contests: ContestInfo[]; value: string; onChange: (contest: string) => void }) {
  const t = useText(TEXT);
  const known = contests.some((c) => c.name === value) ? contests : [...contests, { name: value, seats: 1, scope: null }];
  if (known.length < 2) return null;
  return (
    <label className="contest-picker">
      <span>{t.label}</span>
      <select data-testid="contest-picker" value={value} onChange={(e) => onChange(e.target.value)}>
        {known.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name === '' ? t.default : c.name}
            {c.seats > 1 ? ` (${t.seats(c.seats)})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
