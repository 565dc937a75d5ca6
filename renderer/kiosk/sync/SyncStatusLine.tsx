import { describeSyncStatus } from './sync-status-text.js';
import { useSyncStatus } from './sync-status-store.js';

/**
 * Shows when the job postings were last updated from the county server, or
 * since when the kiosk has been offline. Renders nothing on a kiosk without
 * a county server.
 */
export function SyncStatusLine({ className }: { className: string }) {
  const line = describeSyncStatus(useSyncStatus(), new Date());
  if (line === null) return null;
  return (
    <div
      className={`sync-status ${className}${line.tone === 'offline' ? ' is-offline' : ''}`}
      role="status"
      data-testid="sync-status"
    >
      <span className="sync-status-text">{line.text}</span>
      {line.pending === null ? null : (
        <span className="sync-status-pending">{line.pending}</span>
      )}
    </div>
  );
}
