import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * Returns how many items of `itemRem` height (plus `gapRem` between them)
 * fit in the current height of `ref`, at least one, or null before the first
 * measurement. Lists use it as their page size, so every item no taller than
 * `itemRem` shows without scrolling. Taller items still scroll by swipe. The
 * count follows resizes and the elder mode's root font size.
 */
export function useFitCount(
  ref: RefObject<HTMLElement | null>,
  itemRem: number,
  gapRem: number,
): number | null {
  const [count, setCount] = useState<number | null>(null);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    const measure = () => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const fit = Math.floor(
        (element.clientHeight + gapRem * rem) / ((itemRem + gapRem) * rem),
      );
      setCount(Math.max(1, fit));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // Elder mode changes the root font size without resizing the list at once.
    const fontObserver = new MutationObserver(measure);
    fontObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['class'],
    });
    return () => {
      observer.disconnect();
      fontObserver.disconnect();
    };
  }, [ref, itemRem, gapRem]);

  return count;
}
