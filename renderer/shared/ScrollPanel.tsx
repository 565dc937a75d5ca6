import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useDragScroll } from './use-drag-scroll.js';

/** Share of the visible height that one 上一页/下一页 press scrolls. */
const PAGE_FRACTION = 0.8;

interface Overflow {
  up: boolean;
  down: boolean;
}

/**
 * Wraps long content (a job's details, a policy) in a swipe-scrolled area. When
 * the content does not fit, big 上一页/下一页 buttons below it scroll by most
 * of a screen, for citizens who do not know to swipe.
 */
export function ScrollPanel({ children, label }: { children: ReactNode; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState<Overflow>({ up: false, down: false });
  useDragScroll(ref);

  const measure = useCallback(() => {
    const element = ref.current;
    if (element === null) return;
    const up = element.scrollTop > 1;
    const down = element.scrollTop + element.clientHeight < element.scrollHeight - 1;
    setOverflow((old) => (old.up === up && old.down === down ? old : { up, down }));
  }, []);

  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, [measure, children]);

  const scrollPage = (direction: 1 | -1) => {
    const element = ref.current;
    if (element === null) return;
    element.scrollBy({
      top: direction * element.clientHeight * PAGE_FRACTION,
      behavior: 'smooth',
    });
  };

  const scrollable = overflow.up || overflow.down;
  return (
    <div className="scroll-panel">
      <div
        ref={ref}
        className="scroll-area"
        onScroll={measure}
        aria-label={label}
        tabIndex={-1}
      >
        {children}
      </div>
      {scrollable ? (
        <nav className="pager" aria-label="翻页">
          <button
            type="button"
            className="button pager-button"
            disabled={!overflow.up}
            onClick={() => scrollPage(-1)}
          >
            上一页
          </button>
          <button
            type="button"
            className="button pager-button"
            disabled={!overflow.down}
            onClick={() => scrollPage(1)}
          >
            下一页
          </button>
        </nav>
      ) : null}
    </div>
  );
}
