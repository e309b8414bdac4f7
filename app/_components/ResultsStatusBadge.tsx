'use client';
import type { ResultsStatusValue } from '@/lib/results/resultsStatusValues';
import { useText } from './i18n';

// Numbers never look final when they are not: only "certified" reads as official.
const TEXT: Record<'en' | 'es', Record<ResultsStatusValue, string>> = {
  en: {
    test: 'TEST DATA — not real results',
    'unofficial-partial': 'Unofficial · counting in progress',
    'unofficial-complete': 'Unofficial · count complete',
    certified: 'Certified results',
  },
  es: {
    test: 'DATOS DE PRUEBA — no son resultados reales',
    'unofficial-partial': 'No oficial · conteo en curso',
    'unofficial-complete': 'No oficial · conteo completo',
    certified: 'Resultados certificados',
  },
};

export function ResultsStatusBadge({ status }: { status: ResultsStatusValue }) {
  const label = useText(TEXT);
  return (
    <span className={`badge badge--status-${status}`} data-testid="results-status" data-value={status}>
      {label[status]}
    </span>
  );
}
