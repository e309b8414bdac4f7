'use client';
import { useText } from './i18n';
import type { ConnectionStatus } from './useLiveTally';

const TEXT: Record<'en' | 'es', Record<ConnectionStatus, string>> = {
  en: { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting' },
  es: { connecting: 'conectando', live: 'en vivo', reconnecting: 'reconectando' },
};

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const label = useText(TEXT);
  return (
    <span className={`connection connection--${status}`} data-testid="connection" data-state={status} role="status">
      <span className="connection__dot" aria-hidden="true" />
      {label[status]}
    </span>
  );
}
