import { useEffect, useRef, useState } from 'react';

/** Events that count as a citizen still using the kiosk. */
const ACTIVITY_EVENTS = [
  'pointerdown',
  'pointermove',
  'keydown',
  'wheel',
  'touchstart',
  'scroll',
];

const TICK_MS = 250;

interface IdleState {
  /** True while the 还在使用吗？ prompt counts down. */
  prompting: boolean;
  /** Whole seconds left before `onTimeout`, while prompting. */
  secondsLeft: number;
}

export interface IdleTimer extends IdleState {
  /** Starts the idle time over, as any activity does. */
  keepAlive: () => void;
}

/**
 * Watches for activity on the whole page. After `timeoutSeconds` without any,
 * the prompt phase starts. After `promptSeconds` more, `onTimeout` runs once
 * and the timer starts over. Any pointer or key event resets the timer.
 * During the prompt only keys do, because a prompt that vanished on
 * pointerdown would let the tap's click land on the screen below. A tap on
 * the prompt calls `keepAlive` instead. Disabled, the timer never fires.
 */
export function useIdleTimer(options: {
  enabled: boolean;
  timeoutSeconds: number;
  promptSeconds: number;
  onTimeout: () => void;
}): IdleTimer {
  const { enabled, timeoutSeconds, promptSeconds } = options;
  const [state, setState] = useState<IdleState>({
    prompting: false,
    secondsLeft: promptSeconds,
  });
  const onTimeout = useRef(options.onTimeout);
  onTimeout.current = options.onTimeout;
  const keepAlive = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!enabled) {
      setState({ prompting: false, secondsLeft: promptSeconds });
      return undefined;
    }

    let lastActivity = Date.now();
    let prompting = false;
    const update = (next: IdleState) => {
      prompting = next.prompting;
      setState((old) =>
        old.prompting === next.prompting && old.secondsLeft === next.secondsLeft
          ? old
          : next,
      );
    };
    const restart = () => {
      lastActivity = Date.now();
      update({ prompting: false, secondsLeft: promptSeconds });
    };
    const onActivity = (event: Event) => {
      if (prompting && event.type !== 'keydown') return;
      restart();
    };
    keepAlive.current = restart;
    const tick = () => {
      const idleSeconds = (Date.now() - lastActivity) / 1000;
      if (idleSeconds >= timeoutSeconds + promptSeconds) {
        restart();
        onTimeout.current();
      } else if (idleSeconds >= timeoutSeconds) {
        const secondsLeft = Math.ceil(timeoutSeconds + promptSeconds - idleSeconds);
        update({ prompting: true, secondsLeft });
      }
    };

    for (const name of ACTIVITY_EVENTS) {
      window.addEventListener(name, onActivity, { capture: true, passive: true });
    }
    const interval = window.setInterval(tick, TICK_MS);
    return () => {
      keepAlive.current = () => undefined;
      window.clearInterval(interval);
      for (const name of ACTIVITY_EVENTS) {
        window.removeEventListener(name, onActivity, { capture: true });
      }
    };
  }, [enabled, timeoutSeconds, promptSeconds]);

  return { ...state, keepAlive: () => keepAlive.current() };
}
