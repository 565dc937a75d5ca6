import { useRef } from 'react';

/**
 * Pointer handlers that call `onLongPress` after the pointer stays down for
 * `holdMs`; lifting or leaving earlier cancels it. Used for the hidden staff
 * entry, so a quick tap does nothing.
 */
export function useLongPress(onLongPress: () => void, holdMs = 3000) {
  const timer = useRef<number | undefined>(undefined);
  const cancel = () => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
  };
  return {
    onPointerDown: () => {
      cancel();
      timer.current = window.setTimeout(onLongPress, holdMs);
    },
    onPointerUp: cancel,
    onPointerLeave: cancel,
    onPointerCancel: cancel,
  };
}
