import { createContext, useContext, type Dispatch } from 'react';
import type { KioskConfig } from '../../main/contract/api.js';
import type { Session, SessionAction } from './session.js';

export interface KioskContextValue {
  config: KioskConfig;
  session: Session;
  dispatch: Dispatch<SessionAction>;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

/** Returns the station's config and the citizen's session, for any screen. */
export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (value === null)
    throw new Error('useKiosk must be used inside KioskContext.Provider.');
  return value;
}
