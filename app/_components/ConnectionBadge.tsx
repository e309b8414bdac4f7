import type { ConnectionStatus } from './useLiveTally';

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={`connection connection--${status}`} data-testid="connection" data-state={status} role="status">
      <span className="connection__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
