// The Electron host: a thin shell over the same services as the web host. It
// shows the built screens from the app:// protocol in a hardened kiosk window
// and handles the preload's `api` calls through the shared contract.
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { startApp } from '../../app.js';
import { dispatch } from '../../contract/dispatch.js';
import { createLogger } from '../../log.js';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation } from '../security.js';

const log = createLogger('electron-host');
const APP_ORIGIN = 'app://kiosk';
const rendererDir = resolve(import.meta.dirname, '../renderer');
const kioskBuild = !process.argv.includes('--dev-tools');

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function serveRenderer(request: Request): Promise<Response> | Response {
  const { pathname } = new URL(request.url);
  const file = normalize(join(rendererDir, decodeURIComponent(pathname)));
  if (!file.startsWith(rendererDir + sep))
    return new Response('Not found', { status: 404 });
  return net.fetch(pathToFileURL(file).toString());
}

function createKioskWindow(): BrowserWindow {
  const window = new BrowserWindow({
    kiosk: kioskBuild,
    fullscreen: kioskBuild,
    autoHideMenuBar: true,
    backgroundColor: '#0b3d2e',
    webPreferences: {
      preload: join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: !kioskBuild,
      spellcheck: false,
    },
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, APP_ORIGIN)) {
      log.warn({ url }, 'navigation blocked');
      event.preventDefault();
    }
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    log.warn({ url }, 'new window blocked');
    return { action: 'deny' };
  });
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  const dataDir = join(app.getPath('userData'), 'data');
  const services = startApp({
    dataDir,
    demo: process.argv.includes('--demo'),
    demoDir: join(app.getAppPath(), 'data', 'demo'),
  });

  protocol.handle('app', serveRenderer);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );

  ipcMain.handle('api', async (event, method: unknown, params: unknown) => {
    const senderUrl = event.senderFrame?.url ?? '';
    if (!isAllowedNavigation(senderUrl, APP_ORIGIN) || typeof method !== 'string') {
      log.warn({ senderUrl }, 'IPC call from an unexpected sender rejected');
      return {
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Unexpected sender.' },
      };
    }
    return dispatch(services.handlers, method, params, (error, name) =>
      log.error({ err: error, method: name }, 'API handler failed'),
    );
  });

  const window = createKioskWindow();
  await window.loadURL(`${APP_ORIGIN}/kiosk/index.html`);
  app.on('window-all-closed', () => {
    services.close();
    app.quit();
  });
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'Electron host failed to start');
  app.exit(1);
});
