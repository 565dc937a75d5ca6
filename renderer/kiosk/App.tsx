import { useCallback, useEffect, useReducer } from 'react';
import type { KioskConfig } from '../../main/contract/api.js';
import { ErrorState, LoadingState } from '../shared/StatusMessage.js';
import { useApi } from '../shared/use-api.js';
import { useIdleTimer } from '../shared/use-idle-timer.js';
import { IdlePrompt } from './IdlePrompt.js';
import { KioskContext } from './kiosk-context.js';
import { RouteView } from './RouteView.js';
import { initialSession, sessionReducer } from './session.js';

/** Length of the 还在使用吗？ countdown. */
const IDLE_PROMPT_SECONDS = 10;

/** Loads the station config, then runs the kiosk. */
export function App() {
  const { state, retry } = useApi('kiosk.config', {});
  if (state.status === 'error') {
    return (
      <div className="screen screen-center">
        <ErrorState error={state.error} onRetry={retry} />
      </div>
    );
  }
  if (state.status === 'loading') {
    return (
      <div className="screen screen-center">
        <LoadingState />
      </div>
    );
  }
  return <Kiosk config={state.value} />;
}

function Kiosk({ config }: { config: KioskConfig }) {
  const [session, dispatch] = useReducer(sessionReducer, initialSession);
  const reset = useCallback(() => dispatch({ type: 'reset' }), []);
  const idle = useIdleTimer({
    enabled: session.route.name !== 'attract',
    timeoutSeconds: config.idleTimeoutSeconds,
    promptSeconds: IDLE_PROMPT_SECONDS,
    onTimeout: reset,
  });

  useEffect(() => {
    document.documentElement.classList.toggle('elder', session.elder);
  }, [session.elder]);

  return (
    <KioskContext.Provider value={{ config, session, dispatch }}>
      <RouteView route={session.route} />
      {idle.prompting ? (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepAlive} />
      ) : null}
    </KioskContext.Provider>
  );
}
