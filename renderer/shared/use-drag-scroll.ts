import { useEffect, type RefObject } from 'react';

/** Movement in CSS pixels after which a press counts as a drag, not a tap. */
const DRAG_THRESHOLD = 10;

/**
 * Lets a mouse-type pointer drag `ref` up and down like a finger. Some kiosk
 * touch frames report themselves as a mouse, and a mouse drag does not
 * scroll natively. Real touch input keeps the browser's own scrolling. A
 * drag swallows the click that ends it, so a swipe never opens a card.
 */
export function useDragScroll(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;

    let startY = 0;
    let startScroll = 0;
    let pointerId: number | null = null;
    let dragged = false;

    const onDown = (event: PointerEvent) => {
      if (event.pointerType === 'touch' || event.button !== 0) return;
      pointerId = event.pointerId;
      startY = event.clientY;
      startScroll = element.scrollTop;
      dragged = false;
    };
    const onMove = (event: PointerEvent) => {
      if (event.pointerId !== pointerId) return;
      const distance = event.clientY - startY;
      if (!dragged && Math.abs(distance) < DRAG_THRESHOLD) return;
      dragged = true;
      element.scrollTop = startScroll - distance;
    };
    const onUp = (event: PointerEvent) => {
      if (event.pointerId === pointerId) pointerId = null;
    };
    const onClick = (event: MouseEvent) => {
      if (!dragged) return;
      dragged = false;
      event.stopPropagation();
      event.preventDefault();
    };

    element.addEventListener('pointerdown', onDown);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
    element.addEventListener('click', onClick, true);
    return () => {
      element.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      element.removeEventListener('click', onClick, true);
    };
  }, [ref]);
}
