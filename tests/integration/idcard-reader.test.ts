// Reader driver against the simulator on real pseudo-terminals (socat).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdCardError, IdCardErrorCode } from '../../native/idcard/errors.js';
import { IdCardReader, type IdCard } from '../../native/idcard/reader.js';
import { IdCardSimulator, type IdCardFault } from '../../native/idcard/simulator.js';
import { TEST_CITIZEN } from '../../native/idcard/test-citizen.js';
import { keepTransportOpen } from '../../native/sim/keep-open.js';
import { SerialTransport } from '../../native/transport/serial.js';
import { startPtyPair, type PtyPair } from '../helpers/pty.js';

const stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Rig {
  pair: PtyPair;
  reader: IdCardReader;
  simulator: IdCardSimulator;
  cards: IdCard[];
  errors: IdCardError[];
  events: string[];
}

async function rig(options: { card?: null; delayMs?: number } = {}): Promise<Rig> {
  const pair = await startPtyPair('idcard');
  stops.push(() => pair.remove());
  const simulatorPort = new SerialTransport({ path: pair.b });
  const simulator = new IdCardSimulator({ transport: simulatorPort, ...options });
  await simulator.start();
  const stopReopening = keepTransportOpen(simulatorPort, 50);
  const reader = new IdCardReader({
    transport: new SerialTransport({ path: pair.a }),
    reconnectIntervalMs: 200,
  });
  const rigged: Rig = { pair, reader, simulator, cards: [], errors: [], events: [] };
  reader.on('card', (card) => {
    rigged.cards.push(card);
    rigged.events.push('card');
  });
  reader.on('error', (error) => {
    rigged.errors.push(error);
    rigged.events.push(`error:${error.code}`);
  });
  for (const event of ['ready', 'removed', 'disconnect'] as const)
    reader.on(event, () => rigged.events.push(event));
  reader.start();
  stops.push(async () => {
    await reader.stop();
    stopReopening();
    await simulator.stop();
  });
  return rigged;
}

async function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('id card reader on a pty', () => {
  it('reads a placed card once', async () => {
    const { cards, simulator, events } = await rig({ card: null });
    await until(() => events.includes('ready'));
    simulator.placeCard();
    await until(() => cards.length === 1);
    await sleep(1000);
    expect(cards).toHaveLength(1);
    const [card] = cards;
    expect(card?.text.cardType).toBe('resident');
    expect(card?.text.name).toBe('张三丰');
    expect(card?.text.gender).toBe('male');
    expect(card?.text.cardType === 'resident' && card.text.ethnicity.name).toBe('汉族');
    expect(card?.text.birthDate).toBe('1968-04-05');
    expect(card?.text.idNumber).toBe('610630196804051236');
    expect(card?.text.validity).toEqual({ from: '2016-03-01', to: 'long-term' });
    expect(card?.photo.wlt.length).toBe(1024);
  });

  // Faults that break a read or a poll, the error they must produce, and
  // whether the driver must read the card once the fault is gone.
  const failing: Array<[IdCardFault, IdCardErrorCode]> = [
    ['removed-mid-read', 'CARD_UNREADABLE'],
    ['bad-checksum', 'CHECKSUM_ERROR'],
    ['bad-length', 'FRAME_ERROR'],
    ['garbage', 'READER_TIMEOUT'],
    ['silent', 'READER_TIMEOUT'],
    ['slow', 'READER_TIMEOUT'],
  ];

  for (const [fault, code] of failing) {
    it(`fault ${fault} gives ${code}`, async () => {
      const { cards, errors, simulator, events } = await rig({ card: null });
      await until(() => events.includes('ready'));
      simulator.setFault(fault);
      simulator.placeCard();
      await until(() => errors.length > 0);
      expect(errors[0]?.code).toBe(code);
      expect(cards).toHaveLength(0);

      simulator.clearFaults();
      simulator.removeCard();
      await sleep(400);
      simulator.placeCard();
      await until(() => cards.length === 1);
      expect(cards[0]?.text).toEqual(TEST_CITIZEN);
    });
  }

  // Faults of the byte stream that the driver must absorb without an error.
  const tolerated: IdCardFault[] = ['split-bytes', 'multi-frame', 'junk-before'];

  for (const fault of tolerated) {
    it(`tolerates ${fault}`, async () => {
      const { cards, errors, simulator } = await rig({ card: null });
      simulator.setFault(fault);
      simulator.placeCard();
      await until(() => cards.length === 1);
      expect(cards[0]?.text).toEqual(TEST_CITIZEN);
      expect(errors).toHaveLength(0);
    });
  }

  it('reads slow replies within the timeout', async () => {
    const { cards, errors, simulator } = await rig({ delayMs: 300 });
    simulator.setFault('slow');
    await until(() => cards.length === 1);
    expect(errors).toHaveLength(0);
  });

  it('no-card fault hides the card', async () => {
    const { cards, errors, simulator, events } = await rig();
    simulator.setFault('no-card');
    await until(() => events.includes('ready'));
    await sleep(800);
    expect(cards).toHaveLength(0);
    expect(errors).toHaveLength(0);
    simulator.clearFaults();
    await until(() => cards.length === 1);
  });

  it('survives unplug and re-plug', async () => {
    const { pair, reader, cards, errors, events, simulator } = await rig();
    await until(() => cards.length === 1);

    await pair.stop();
    await until(() => events.includes('disconnect'));
    expect(errors.at(-1)?.code).toBe('READER_DISCONNECTED');
    expect(reader.state).toBe('disconnected');
    await sleep(600);

    await pair.start();
    await until(() => events.filter((event) => event === 'ready').length === 2);
    expect(reader.state).toBe('ready');
    simulator.placeCard();
    await until(() => cards.length === 2);
    expect(errors.filter((error) => error.code === 'READER_DISCONNECTED')).toHaveLength(
      1,
    );
  });
});

describe('idcard-sim script', () => {
  function spawnSimulator(
    path: string,
    args: string[] = [],
  ): {
    child: ChildProcessWithoutNullStreams;
    nextLine: () => Promise<string>;
  } {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'native/sim/idcard-sim.ts', '--port', path, ...args],
      {
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    const lines: string[] = [];
    const waiting: Array<(line: string) => void> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    });
    stops.push(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    });
    const nextLine = () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no line from idcard-sim within 15 s')),
          15_000,
        );
        waiting.push((text) => {
          clearTimeout(timer);
          resolve(text);
        });
      });
    };
    return { child, nextLine };
  }

  it('serves a card and takes commands', async () => {
    const pair = await startPtyPair('idcard-sim');
    stops.push(() => pair.remove());
    const { child, nextLine } = spawnSimulator(pair.b, ['--empty']);
    expect(await nextLine()).toBe(`ready: ${pair.b}; card: none; faults: none`);

    const reader = new IdCardReader({ transport: new SerialTransport({ path: pair.a }) });
    const cards: IdCard[] = [];
    const errors: IdCardError[] = [];
    reader.on('card', (card) => cards.push(card));
    reader.on('error', (error) => errors.push(error));
    reader.start();
    stops.push(() => reader.stop());

    child.stdin.write('fault bad-checksum\n');
    expect(await nextLine()).toBe('ok: card: none; faults: bad-checksum');
    child.stdin.write('place\n');
    expect(await nextLine()).toBe('ok: card placed');
    await until(() => errors.length > 0);
    expect(errors[0]?.code).toBe('CHECKSUM_ERROR');

    child.stdin.write('clear\nremove\n');
    // The reader halted the card after its read, so it is still placed.
    expect(await nextLine()).toBe('ok: card: placed; faults: none');
    expect(await nextLine()).toBe('ok: card removed');
    await sleep(400);
    child.stdin.write('place\n');
    expect(await nextLine()).toBe('ok: card placed');
    await until(() => cards.length === 1);
    expect(cards[0]?.text.name).toBe('张三丰');

    child.stdin.write('fault nonsense\n');
    expect(await nextLine()).toMatch(/^error: unknown fault "nonsense"/u);
    child.stdin.write('quit\n');
    expect(await nextLine()).toBe('ok: quitting');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.exitCode).toBe(0);
  });

  it('rejects an unknown fault flag', async () => {
    const { child } = spawnSimulator('/nonexistent', ['--fault', 'melted']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.exitCode).toBe(2);
    expect(stderr).toContain('Unknown fault "melted"');
  });
});
