import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Returns the first Chromium found on this machine, or null. */
export function findChromium(): string | null {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/**
 * Opens `url` in Chromium's kiosk mode: full screen, no address bar, its own
 * profile in the data folder, and no background calls to outside services.
 */
export function openKioskBrowser(
  chromium: string,
  url: string,
  dataDir: string,
): ChildProcess {
  const args = [
    `--app=${url}`,
    '--kiosk',
    `--user-data-dir=${join(dataDir, 'chromium-profile')}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--noerrdialogs',
  ];
  return spawn(chromium, args, { stdio: 'ignore' });
}
