// Loopback, FrameReader and HID report tests. Named idcard-* because that is
// the test path this driver owns; every native driver uses these transports.
import { EventEmitter, once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLoopbackPair } from '../../native/transport/loopback.js';
import {
  FixedLengthDecoder,
  FrameReader,
  readBytes,
} from '../../native/transport/frame-reader.js';
import {
  HidTransport,
  toHidReports,
  type HidDevice,
} from '../../native/transport/hid.js';
import { TransportError } from '../../native/transport/types.js';

describe('loopback pair', () => {
  it('delivers bytes to the peer', async () => {
    const [a, b] = createLoopbackPair();
    await a.open();
    await b.open();
    const received = readBytes(b, 4, 1000);
    await a.write(Buffer.from([1, 2]));
    await a.write(Buffer.from([3, 4]));
    expect([...(await received)]).toEqual([1, 2, 3, 4]);
  });

  it('unplug disconnects both ends', async () => {
    const [a, b] = createLoopbackPair();
    await a.open();
    await b.open();
    const causes: string[] = [];
    a.on('disconnect', (cause) => causes.push(cause.code));
    b.on('disconnect', (cause) => causes.push(cause.code));
    a.unplug();
    expect(causes).toEqual(['DISCONNECTED', 'DISCONNECTED']);
    await once(b, 'close');
    expect(a.isOpen).toBe(false);
    expect(b.isOpen).toBe(false);

    const refused = await a.reopen().catch((e: unknown) => e);
    expect((refused as TransportError).code).toBe('OPEN_FAILED');
    a.plug();
    await a.reopen();
    await b.reopen();
    expect(a.isOpen).toBe(true);
    expect(b.isOpen).toBe(true);
  });

  it('drops bytes to a closed peer', async () => {
    const [a, b] = createLoopbackPair();
    await a.open();
    let received = 0;
    b.on('data', () => (received += 1));
    await a.write(Buffer.from([1]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toBe(0);
  });
});

describe('frame reader', () => {
  it('times out with code TIMEOUT', async () => {
    const [a] = createLoopbackPair();
    await a.open();
    const reader = new FrameReader(a, new FixedLengthDecoder(2));
    const error = await reader.next(20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('TIMEOUT');
    expect((error as TransportError).message).toContain('20 ms');
    reader.dispose();
  });

  it('queues unclaimed items', async () => {
    const [a, b] = createLoopbackPair();
    await a.open();
    await b.open();
    const reader = new FrameReader(b, new FixedLengthDecoder(1));
    await a.write(Buffer.from([7, 8, 9]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.queued).toBe(3);
    expect([...(await reader.next(10))]).toEqual([7]);
    reader.discardPending();
    expect(reader.queued).toBe(0);
    reader.dispose();
  });

  it('bounds the queue', async () => {
    const [a, b] = createLoopbackPair();
    await a.open();
    await b.open();
    const reader = new FrameReader(b, new FixedLengthDecoder(1), { maxQueued: 4 });
    await a.write(Buffer.from([1, 2, 3, 4, 5, 6]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.queued).toBe(4);
    expect([...(await reader.next(10))]).toEqual([3]);
    reader.dispose();
  });

  it('rejects waiters on disconnect', async () => {
    const [a, b] = createLoopbackPair();
    await a.open();
    await b.open();
    const reader = new FrameReader(b, new FixedLengthDecoder(1));
    const pending = reader.next(1000).catch((e: unknown) => e);
    a.unplug();
    expect(((await pending) as TransportError).code).toBe('DISCONNECTED');
    reader.dispose();
  });

  it('rejects when closed', async () => {
    const [a] = createLoopbackPair();
    await a.open();
    const reader = new FrameReader(a, new FixedLengthDecoder(1));
    const pending = reader.next(1000).catch((e: unknown) => e);
    await a.close();
    expect(((await pending) as TransportError).code).toBe('NOT_OPEN');
    const after = await reader.next(10).catch((e: unknown) => e);
    expect((after as TransportError).code).toBe('NOT_OPEN');
    reader.dispose();
  });

  it('honours an abort signal', async () => {
    const [a] = createLoopbackPair();
    await a.open();
    const reader = new FrameReader(a, new FixedLengthDecoder(1));
    const controller = new AbortController();
    const pending = reader.next(1000, controller.signal).catch((e: unknown) => e);
    controller.abort(new Error('stopped'));
    expect(((await pending) as Error).message).toBe('stopped');
    reader.dispose();
  });
});

describe('hid reports', () => {
  it('pads and prefixes report id', () => {
    const reports = toHidReports(Buffer.from([1, 2, 3]), 64, 0);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.length).toBe(65);
    expect(reports[0]?.[0]).toBe(0);
    expect([...(reports[0]?.subarray(1, 4) ?? [])]).toEqual([1, 2, 3]);
    expect(reports[0]?.subarray(4).every((byte) => byte === 0)).toBe(true);
  });

  it('splits long data', () => {
    const data = Buffer.alloc(130, 0x55);
    const reports = toHidReports(data, 64, 2);
    expect(reports.map((report) => report.length)).toEqual([65, 65, 65]);
    expect(reports.map((report) => report[0])).toEqual([2, 2, 2]);
    expect(reports[2]?.subarray(1, 3).every((byte) => byte === 0x55)).toBe(true);
    expect(reports[2]?.subarray(3).every((byte) => byte === 0)).toBe(true);
  });

  it('rejects a bad report size', () => {
    expect(() => toHidReports(Buffer.from([1]), 0)).toThrow(RangeError);
  });
});

// node-hid cannot open a device in CI (no HID hardware, no /dev/uhid), so
// this fake replaces HIDAsync. It records writes and can fail a read.
class FakeHid extends EventEmitter implements HidDevice {
  readonly writes: Buffer[] = [];
  closed = false;
  write(values: number[] | Buffer): Promise<number> {
    const report = Buffer.from(values);
    this.writes.push(report);
    return Promise.resolve(report.length);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

describe('hid transport', () => {
  it('writes reports and emits input', async () => {
    const device = new FakeHid();
    const transport = new HidTransport({
      vendorId: 0x10c4,
      productId: 7,
      openDevice: () => Promise.resolve(device),
    });
    expect(transport.target).toBe('hid:10c4:0007');
    await transport.open();
    await transport.write(Buffer.alloc(70, 1));
    expect(device.writes).toHaveLength(2);
    expect(device.writes[0]?.[0]).toBe(0);

    const input = once(transport, 'data');
    device.emit('data', Buffer.alloc(64, 9));
    const [report] = (await input) as [Buffer];
    expect(report.length).toBe(64);
  });

  it('read error means disconnect', async () => {
    const device = new FakeHid();
    const transport = new HidTransport({
      path: '/dev/hidraw9',
      openDevice: () => Promise.resolve(device),
    });
    await transport.open();
    const disconnected = once(transport, 'disconnect');
    device.emit('error', new Error('could not read from HID device'));
    const [cause] = (await disconnected) as [TransportError];
    expect(cause.code).toBe('DISCONNECTED');
    await once(transport, 'close');
    expect(device.closed).toBe(true);
    expect(transport.isOpen).toBe(false);
  });

  it('reports open failure', async () => {
    const transport = new HidTransport({
      path: '/dev/hidraw9',
      openDevice: () => Promise.reject(new Error('cannot open device')),
    });
    const error = await transport.open().catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('OPEN_FAILED');
    expect((error as TransportError).message).toContain('cannot open device');
  });
});
