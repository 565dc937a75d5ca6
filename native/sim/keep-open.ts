// Shared simulator plumbing: a simulator's port must come back after an
// unplug test, so its transport is reopened until the path exists again.
import type { Transport } from '../transport/types.js';

/**
 * Reopens `transport` every `retryMs` after each `disconnect`, until it
 * opens or the returned stop function is called.
 */
export function keepTransportOpen(transport: Transport, retryMs = 200): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const retry = () => {
    timer = undefined;
    if (stopped || transport.isOpen) return;
    transport.open().catch(() => {
      if (!stopped) timer = setTimeout(retry, retryMs);
    });
  };
  const onDisconnect = () => {
    if (!stopped && !timer) timer = setTimeout(retry, retryMs);
  };

  transport.on('disconnect', onDisconnect);
  return () => {
    stopped = true;
    clearTimeout(timer);
    transport.off('disconnect', onDisconnect);
  };
}
