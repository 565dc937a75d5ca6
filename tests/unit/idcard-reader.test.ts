// Reader driver against the simulator over in-memory loopback links.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdCardError } from '../../native/idcard/errors.js';
import { withCheckCharacter } from '../../native/idcard/id-number.js';
import {
  IdCardReader,
  type IdCard,
  type IdCardReaderOptions,
} from '../../native/idcard/reader.js';
import {
  IdCardSimulator,
  type IdCardSimulatorOptions,
} from '../../native/idcard/simulator.js';
import { TEST_CITIZEN } from '../../native/idcard/test-citizen.js';
import { HidTransport, type HidDevice } from '../../native/transport/hid.js';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../native/transport/loopback.js';
import type { Transport } from '../../native/transport/types.js';

const stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Rig {
  reader: IdCardReader;
  simulator: IdCardSimulator;
  cards: IdCard[];
  errors: IdCardError[];
  events: string[];
  host: Transport;
  device: LoopbackTransport;
}

async function rig(
  readerOptions: Partial<IdCardReaderOptions> = {},
  simulatorOptions: Partial<IdCardSimulatorOptions> = {},
): Promise<Rig> {
  const [host, device] = createLoopbackPair();
  const simulator = new IdCardSimulator({ transport: device, ...simulatorOptions });
  await simulator.start();

  const transport = readerOptions.transport ?? host;
  const reader = new IdCardReader({ ...readerOptions, transport });
  const result: Rig = {
    reader,
    simulator,
    cards: [],
    errors: [],
    events: [],
    host: transport,
    device,
  };
  reader.on('card', (card) => {
    result.cards.push(card);
    result.events.push('card');
  });
  reader.on('error', (error) => {
    result.errors.push(error);
    result.events.push(`error:${error.code}`);
  });
  reader.on('ready', () => result.events.push('ready'));
  reader.on('removed', () => result.events.push('removed'));
  reader.on('disconnect', () => result.events.push('disconnect'));

  reader.start();
  stops.push(async () => {
    await reader.stop();
    await simulator.stop();
  });
  return result;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('id card reader', () => {
  it('emits ready then one card', async () => {
    const { cards, events } = await rig();
    await until(() => cards.length === 1);
    expect(events[0]).toBe('ready');
    expect(cards[0]?.text).toEqual(TEST_CITIZEN);
    expect(cards[0]?.photo.wlt.length).toBe(1024);
    expect(cards[0]?.photo.bmp).toBeNull();
    expect(cards[0]?.fingerprint).toBeNull();
    expect(cards[0]?.cardSerial).toMatch(/^[0-9a-f]{16}$/u);
  });

  it('reads a card once per placement', async () => {
    const { cards, simulator, events } = await rig();
    await until(() => cards.length === 1);
    const findsBefore = simulator.count('findCard');
    const started = Date.now();
    await sleep(1200);
    const elapsed = Date.now() - started;
    expect(cards).toHaveLength(1);
    const finds = simulator.count('findCard') - findsBefore;
    expect(finds).toBeGreaterThanOrEqual(2);
    // Polling must not outpace one find per 300 ms.
    expect(finds).toBeLessThanOrEqual(Math.floor(elapsed / 300) + 1);
    expect(events.filter((event) => event === 'removed')).toHaveLength(1);
  });

  it('reads again after re-placement', async () => {
    const { cards, simulator } = await rig();
    await until(() => cards.length === 1);
    simulator.removeCard();
    await sleep(400);
    simulator.placeCard();
    await until(() => cards.length === 2);
    expect(cards[1]?.text.idNumber).toBe(TEST_CITIZEN.idNumber);
  });

  it('keeps a card that stays found', async () => {
    const { cards, simulator, events } = await rig({}, { haltAfterRead: false });
    await until(() => cards.length === 1);
    await sleep(1000);
    expect(cards).toHaveLength(1);
    expect(events).not.toContain('removed');
    expect(simulator.count('selectCard')).toBeGreaterThanOrEqual(3);

    simulator.removeCard();
    await until(() => events.includes('removed'));
    simulator.placeCard();
    await until(() => cards.length === 2);
  });

  it('notices a swapped card', async () => {
    const { cards, simulator, events } = await rig({}, { haltAfterRead: false });
    await until(() => cards.length === 1);
    const other = {
      ...TEST_CITIZEN,
      name: '李四',
      idNumber: withCheckCharacter('61063019680405124'),
    };
    simulator.placeCard({ text: other });
    await until(() => cards.length === 2);
    expect(cards[1]?.text.name).toBe('李四');
    expect(events.slice(-2)).toEqual(['removed', 'card']);
  });

  it('rejects a fast poll interval', () => {
    const [host] = createLoopbackPair();
    expect(() => new IdCardReader({ transport: host, pollIntervalMs: 100 })).toThrow(
      /at least 300/u,
    );
  });

  it('reports invalid card data', async () => {
    const bad = { ...TEST_CITIZEN, idNumber: '610630196804051230' };
    const { cards, errors } = await rig({}, { card: { text: bad } });
    await until(() => errors.length >= 1);
    expect(errors[0]?.code).toBe('CARD_DATA_INVALID');
    expect(errors[0]?.message).toContain('check character');
    expect(errors[0]?.userMessage).toBe('证件信息无法识别，请联系工作人员');
    expect(cards).toHaveLength(0);
  });

  it('retries a failed read', async () => {
    const { cards, errors, simulator } = await rig(
      { maxReadAttempts: 2 },
      { card: null, haltAfterRead: false },
    );
    simulator.setFault('bad-checksum');
    simulator.placeCard();
    await until(() => errors.length === 2);
    await sleep(700);
    // Two attempts per placement, then the driver waits for the card to go.
    expect(errors.map((error) => error.code)).toEqual([
      'CHECKSUM_ERROR',
      'CHECKSUM_ERROR',
    ]);
    simulator.clearFaults();
    simulator.removeCard();
    await sleep(400);
    simulator.placeCard();
    await until(() => cards.length === 1);
  });

  it('reads fingerprint and extra address', async () => {
    const fingerprint = Buffer.alloc(1024, 0x5a);
    const { cards, simulator } = await rig(
      { readFingerprint: true, readExtraAddress: true },
      { card: { text: TEST_CITIZEN, fingerprint, extraAddress: '宜川县新址路2号' } },
    );
    await until(() => cards.length === 1);
    expect(cards[0]?.fingerprint?.equals(fingerprint)).toBe(true);
    expect(cards[0]?.extraAddress).toBe('宜川县新址路2号');
    expect(simulator.count('readWithFingerprint')).toBe(1);
    expect(simulator.count('readText')).toBe(0);
  });

  it('passes the photo to a decoder', async () => {
    const seen: Buffer[] = [];
    const decoder = {
      name: 'fake',
      decode: (wlt: Buffer) => {
        seen.push(wlt);
        return Promise.resolve(Buffer.from('BM'));
      },
    };
    const { cards } = await rig({ photoDecoder: decoder });
    await until(() => cards.length === 1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.length).toBe(1024);
    expect(cards[0]?.photo.bmp?.toString()).toBe('BM');
  });

  it('survives a failing decoder', async () => {
    const decoder = {
      name: 'broken',
      decode: () => Promise.reject(new Error('-5 software not authorised')),
    };
    const { cards } = await rig({ photoDecoder: decoder });
    await until(() => cards.length === 1);
    expect(cards[0]?.photo.bmp).toBeNull();
  });

  it('recovers after unplug', async () => {
    const { cards, events, errors, device, simulator } = await rig({
      reconnectIntervalMs: 100,
    });
    await until(() => cards.length === 1);
    device.unplug();
    await until(() => events.includes('disconnect'));
    expect(errors.at(-1)?.code).toBe('READER_DISCONNECTED');
    await sleep(400);
    // Repeated failed reopen attempts are reported once.
    expect(errors.filter((error) => error.code === 'READER_DISCONNECTED')).toHaveLength(
      1,
    );

    device.plug();
    await device.open();
    simulator.placeCard();
    await until(() => cards.length === 2);
    expect(events.filter((event) => event === 'ready')).toHaveLength(2);
  });

  it('stops and starts again', async () => {
    const { reader, cards, simulator } = await rig();
    await until(() => cards.length === 1);
    await reader.stop();
    expect(reader.state).toBe('stopped');
    simulator.placeCard();
    reader.start();
    await until(() => cards.length === 2);
  });
});

describe('id card reader over hid', () => {
  it('reads over loopback', async () => {
    const { cards, simulator } = await rig({ framing: 'hid' }, { framing: 'hid' });
    await until(() => cards.length === 1);
    expect(cards[0]?.text).toEqual(TEST_CITIZEN);
    expect(simulator.count('invalid')).toBe(0);
  });

  it('reads through HidTransport', async () => {
    // The fake HID device passes output reports, without the report id that
    // hidapi strips, to a simulator on a loopback link, and its replies back
    // as input reports.
    const [bridge, device] = createLoopbackPair();
    const hid = new (class extends EventEmitter implements HidDevice {
      readonly reportLengths: number[] = [];
      write(values: number[] | Buffer): Promise<number> {
        const report = Buffer.from(values);
        this.reportLengths.push(report.length);
        return bridge.write(report.subarray(1)).then(() => report.length);
      }
      close(): Promise<void> {
        return Promise.resolve();
      }
    })();
    await bridge.open();
    bridge.on('data', (chunk) => hid.emit('data', chunk));
    const transport = new HidTransport({
      vendorId: 0x10c4,
      productId: 0x0007,
      openDevice: () => Promise.resolve(hid),
    });
    const simulator = new IdCardSimulator({ transport: device, framing: 'hid' });
    await simulator.start();
    const reader = new IdCardReader({ transport, framing: 'hid' });
    const cards: IdCard[] = [];
    reader.on('card', (card) => cards.push(card));
    reader.start();
    stops.push(async () => {
      await reader.stop();
      await simulator.stop();
    });

    await until(() => cards.length === 1);
    expect(cards[0]?.text.name).toBe('张三丰');
    expect(new Set(hid.reportLengths)).toEqual(new Set([65]));
  });
});
