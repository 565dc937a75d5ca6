// Starts the kiosk's devices for a host: reads devices.json (simulators when
// it is absent) and, with `realDevices`, insists on real ports.
import { createLogger } from '../log.js';
import {
  DevicesConfigError,
  loadDevicesConfig,
  usesSimulators,
  DEVICES_FILE,
} from './config.js';
import { DeviceManager } from './manager.js';

const log = createLogger('devices');

export interface StartDevicesOptions {
  dataDir: string;
  stationName: string;
  /** The kiosk's idle timeout: a read card's full text is dropped after it. */
  idleTimeoutSeconds?: number;
  /** Reject simulators: devices.json must exist and name real ports (the --real-devices flag). */
  realDevices: boolean;
}

export async function startDevices(options: StartDevicesOptions): Promise<DeviceManager> {
  const { config, fromFile } = loadDevicesConfig(options.dataDir);
  if (options.realDevices && !fromFile) {
    throw new DevicesConfigError(
      `--real-devices needs ${DEVICES_FILE} in ${options.dataDir}; run "npm start -- --detect-devices" to find the ports.`,
    );
  }
  if (options.realDevices && usesSimulators(config)) {
    throw new DevicesConfigError(
      `--real-devices is set but ${DEVICES_FILE} in ${options.dataDir} still names a simulator; set a real transport or "none".`,
    );
  }
  if (!fromFile)
    log.info(
      { dataDir: options.dataDir },
      `no ${DEVICES_FILE}: using the device simulators`,
    );
  return DeviceManager.start({
    dataDir: options.dataDir,
    config,
    stationName: options.stationName,
    log,
    ...(options.idleTimeoutSeconds === undefined
      ? {}
      : { keepCardMs: options.idleTimeoutSeconds * 1000 }),
  });
}
