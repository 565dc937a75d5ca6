import { describe, expect, it } from 'vitest';
import { formatDetectionReport, suggestDevices } from '../../main/devices/detect.js';

describe('suggestDevices', () => {
  it('suggests a CH340 port for reader and printer', () => {
    const suggestions = suggestDevices(
      [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }],
      [],
    );
    expect(suggestions.map((suggestion) => suggestion.device)).toEqual([
      'idcard',
      'printer',
    ]);
    expect(suggestions[0]?.config).toEqual({
      transport: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 115_200,
    });
    expect(suggestions[0]?.reason).toContain('CH340');
  });

  it('ignores a port without a known chip', () => {
    expect(
      suggestDevices(
        [
          { path: '/dev/ttyS0' },
          { path: '/dev/ttyACM0', vendorId: 'abcd', productId: '0001' },
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('suggests the Miaxis HID reader', () => {
    const suggestions = suggestDevices([], [{ vendorId: 0x10c4, productId: 0x0007 }]);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]?.config).toEqual({
      transport: 'hid',
      vendorId: 0x10c4,
      productId: 0x0007,
    });
  });

  it('suggests a HID POS scanner once', () => {
    const scanner = { vendorId: 0x05e0, productId: 0x1200, usagePage: 0x8c };
    const suggestions = suggestDevices(
      [],
      [
        scanner,
        { ...scanner, usage: 2 },
        { vendorId: 0x05e0, productId: 0x1200, usagePage: 1 },
      ],
    );
    expect(suggestions.map((suggestion) => suggestion.device)).toEqual(['scanner']);
  });

  it('formats an empty report', () => {
    const text = formatDetectionReport({
      serialPorts: [],
      hidDevices: [],
      hidError: 'no libusb',
      suggestions: [],
    });
    expect(text).toContain('Serial ports (0):');
    expect(text).toContain('listing failed: no libusb');
    expect(text).toContain('none: no known reader');
  });
});
