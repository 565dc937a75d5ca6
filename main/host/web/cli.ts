// `npm start`: the kiosk services on a data folder (demo data by default),
// the loopback web host, and the kiosk screen in Chromium's kiosk mode.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp } from '../../app.js';
import { detectDevices, formatDetectionReport } from '../../devices/detect.js';
import { startSimServer, type SimServer } from '../../devices/sim-server.js';
import { startDevices } from '../../devices/start.js';
import { loadSettings } from '../../config.js';
import { createLogger } from '../../log.js';
import { findChromium, openKioskBrowser } from './browser.js';
import { timeZoneWarning } from './time-zone.js';
import { startWebHost } from './server.js';

const log = createLogger('cli');

const USAGE = `Usage: npm start -- [options]

  --data-dir DIR   data folder with the kiosk's SQLite store (default .data/demo)
  --port N         TCP port on 127.0.0.1 (default 8080; 0 picks a free one)
  --no-demo        do not import the demo data into an empty store
  --no-browser     only print the screen URLs, do not open Chromium
  --real-devices   refuse to run on simulators: DIR/devices.json must exist and
                   name real ports (without devices.json the devices are simulated)
  --detect-devices list serial ports and HID devices, suggest devices.json entries, exit
  --help           show this text`;

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid --port "${text}": expected a whole number from 0 to 65535.`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: '.data/demo' },
      port: { type: 'string', default: '8080' },
      'no-demo': { type: 'boolean', default: false },
      'no-browser': { type: 'boolean', default: false },
      'real-devices': { type: 'boolean', default: false },
      'detect-devices': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  if (values['detect-devices']) {
    process.stdout.write(formatDetectionReport(await detectDevices()));
    return;
  }

  const dataDir = resolve(values['data-dir']);
  const settings = loadSettings(dataDir);
  const devices = await startDevices({
    dataDir,
    stationName: settings.stationName,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    realDevices: values['real-devices'],
  });
  const app = startApp({ dataDir, demo: !values['no-demo'], devices });
  // Demo controls of the simulators listen on their own loopback port, never on the kiosk screen's.
  const sim: SimServer | null =
    devices.simulators === null ? null : await startSimServer(devices);
  const host = await startWebHost({
    handlers: app.handlers,
    staticDir: resolve(import.meta.dirname, '../../../dist/renderer'),
    port: parsePort(values.port),
  });

  for (const [screen, url] of Object.entries(host.urls)) {
    process.stdout.write(`${screen}: ${url}\n`);
  }
  process.stdout.write(`health: http://127.0.0.1:${host.port}/health\n`);
  if (sim !== null) process.stdout.write(`simulator controls (staff only): ${sim.url}\n`);
  const zoneWarning = timeZoneWarning(
    new Date().getTimezoneOffset(),
    Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  if (zoneWarning !== null) process.stderr.write(`${zoneWarning}\n`);

  const chromium = values['no-browser'] ? null : findChromium();
  const browser =
    chromium === null ? null : openKioskBrowser(chromium, host.urls.kiosk, dataDir);
  if (!values['no-browser'] && chromium === null) {
    process.stdout.write(
      'Chromium was not found; open the kiosk URL above in a browser.\n',
    );
  }

  const stop = (signal: string): void => {
    log.info({ signal }, 'stopping');
    browser?.kill();
    host
      .close()
      .then(() => sim?.close())
      .then(() => devices.stop())
      .then(() => app.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kiosk failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
