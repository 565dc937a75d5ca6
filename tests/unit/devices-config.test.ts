import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEVICES_FILE,
  DevicesConfigError,
  loadDevicesConfig,
  parseDevicesConfig,
} from '../../main/devices/config.js';

describe('devices config', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function dataDir(content?: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'devices-config-'));
    dirs.push(dir);
    if (content !== undefined) writeFileSync(join(dir, DEVICES_FILE), content);
    return dir;
  }

  it('defaults to simulators without a file', () => {
    const { config, fromFile } = loadDevicesConfig(dataDir());
    expect(fromFile).toBe(false);
    expect(config.idcard.transport).toBe('simulator');
    expect(config.printer).toEqual({
      transport: 'simulator',
      paperWidth: 48,
      gbkOnly: false,
    });
    expect(config.scanner.transport).toBe('wedge');
  });

  it('reads real ports with defaults', () => {
    const { config } = loadDevicesConfig(
      dataDir(
        JSON.stringify({
          idcard: { transport: 'hid', vendorId: 0x10c4, productId: 0x0007 },
          printer: {
            transport: 'serial',
            path: '/dev/ttyUSB0',
            paperWidth: 32,
            gbkOnly: true,
          },
          scanner: { transport: 'none' },
        }),
      ),
    );
    expect(config.idcard).toEqual({
      transport: 'hid',
      vendorId: 0x10c4,
      productId: 0x0007,
    });
    expect(config.printer).toEqual({
      transport: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      paperWidth: 32,
      gbkOnly: true,
    });
    expect(config.scanner.transport).toBe('none');
  });

  it('names the bad field', () => {
    const bad = {
      printer: { transport: 'tcp', host: '127.0.0.1', port: 9100, paperWidth: 40 },
    };
    expect(() => parseDevicesConfig(bad)).toThrow(DevicesConfigError);
    expect(() => parseDevicesConfig(bad)).toThrow(/printer\.paperWidth/);
  });

  it('names a missing path', () => {
    expect(() => parseDevicesConfig({ idcard: { transport: 'serial' } })).toThrow(
      /idcard\.path/,
    );
  });

  it('rejects an unknown transport', () => {
    expect(() => parseDevicesConfig({ scanner: { transport: 'bluetooth' } })).toThrow(
      /scanner\.transport/,
    );
  });

  it('rejects unknown keys', () => {
    expect(() => parseDevicesConfig({ printers: {} })).toThrow(/printers/);
  });

  it('reports invalid JSON', () => {
    expect(() => loadDevicesConfig(dataDir('{ idcard: '))).toThrow(/not valid JSON/);
  });
});
