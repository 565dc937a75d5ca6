import type { ReactNode } from 'react';
import { useLongPress } from './devices/use-long-press.js';
import { useKiosk } from './kiosk-context.js';
import { SyncStatusLine } from './sync/SyncStatusLine.js';

/**
 * Frames every screen after the attract loop. The top bar shows the station
 * name, the screen's title, the 长辈模式 switch and 返回首页, and the screen's
 * own content follows. Home has 结束使用 instead, which clears the session.
 * The footer line shows the sync status when the kiosk syncs with the county server.
 */
export function ScreenFrame({
  title,
  children,
  isHome = false,
}: {
  title: string;
  children: ReactNode;
  isHome?: boolean;
}) {
  const { config, session, dispatch } = useKiosk();
  // Hidden staff entry: holding the station name opens the device status view.
  const staffEntry = useLongPress(() =>
    dispatch({ type: 'navigate', route: { name: 'devices' } }),
  );
  return (
    <div className="screen">
      <header className="topbar">
        <div className="topbar-heading">
          <div className="topbar-station" {...staffEntry}>
            {config.stationName}
          </div>
          <h1 className="topbar-title">{title}</h1>
        </div>
        <button
          type="button"
          className={`button topbar-button elder-toggle${session.elder ? ' is-on' : ''}`}
          aria-pressed={session.elder}
          onClick={() => dispatch({ type: 'toggleElder' })}
        >
          长辈模式：{session.elder ? '开' : '关'}
        </button>
        {isHome ? (
          <button
            type="button"
            className="button topbar-button"
            onClick={() => dispatch({ type: 'reset' })}
          >
            结束使用
          </button>
        ) : (
          <button
            type="button"
            className="button topbar-button home-button"
            onClick={() => dispatch({ type: 'navigate', route: { name: 'home' } })}
          >
            返回首页
          </button>
        )}
      </header>
      <main className="screen-body">{children}</main>
      <SyncStatusLine className="screen-sync-status" />
    </div>
  );
}
