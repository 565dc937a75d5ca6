// Reader-side simulator of the SAM protocol: keeps a card, replies to find,
// select and read requests, and injects faults on request. It runs on any
// transport, e.g. one end of a socat pty pair or a loopback pair.
import { createLogger } from '../log.js';
import { FixedLengthDecoder, type StreamDecoder } from '../transport/frame-reader.js';
import type { Transport } from '../transport/types.js';
import { HID_REPORT_SIZE, decodeHidRequest, encodeHidResponse } from './hid-framing.js';
import type { SamFraming } from './link.js';
import {
  PREAMBLE,
  SamFrameDecoder,
  commandName,
  encodeResponse,
  type CommandName,
} from './protocol.js';
import { TEST_CITIZEN } from './test-citizen.js';
import { encodeTextBlock } from './text-block-encoder.js';
import type { CardText } from './text-block.js';

const log = createLogger('idcard-sim');

/** Faults the simulator can inject; each stays on until cleared unless noted. */
export const IDCARD_FAULTS = [
  /** Find card always replies 80, as if the reader were empty. */
  'no-card',
  /** The next card read replies 41 and the card is gone afterwards (one-shot). */
  'removed-mid-read',
  /** Card read replies carry a wrong XOR checksum. */
  'bad-checksum',
  /** Card read replies carry an impossible length field. */
  'bad-length',
  /** Every reply is written one byte per write. */
  'split-bytes',
  /** Every reply is sent twice in one write. */
  'multi-frame',
  /** Junk bytes (`AA 00 AA` and others) come before every reply. */
  'junk-before',
  /** Every reply waits `delayMs` before it is sent. */
  'slow',
  /** Every reply is replaced by random bytes with no preamble. */
  'garbage',
  /** No reply at all. */
  'silent',
] as const;

export type IdCardFault = (typeof IDCARD_FAULTS)[number];

export function isIdCardFault(name: string): name is IdCardFault {
  return (IDCARD_FAULTS as readonly string[]).includes(name);
}

/** A card the simulator can hold. */
export interface SimulatedCard {
  text: CardText;
  /** 1024 WLT bytes; a fixed test pattern by default. */
  photo?: Buffer;
  /** 1024 fingerprint bytes for 30 10; none by default. */
  fingerprint?: Buffer;
  /** 追加住址 for 30 03; none (reply 91) by default. */
  extraAddress?: string;
  /** 8-byte card serial number as hex; derived from a counter by default. */
  serial?: string;
}

export interface IdCardSimulatorOptions {
  transport: Transport;
  framing?: SamFraming;
  /** Card on the reader at start; the test citizen by default, null for an empty reader. */
  card?: SimulatedCard | null;
  /** Delay of the `slow` fault in ms; default 1500, longer than the driver's 1 s request timeout. */
  delayMs?: number;
  /**
   * Reply 80 to find card after a good read until the card is lifted, as
   * real readers do; default true.
   */
  haltAfterRead?: boolean;
  /** Seed of the random bytes of the `garbage` and `junk-before` faults. */
  seed?: number;
}

const TEST_PHOTO = Buffer.from(
  Array.from({ length: 1024 }, (_, index) => (index * 7) & 0xff),
);
const SAM_ID = Buffer.from([
  0x05, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x15, 0xcd, 0x5b, 0x07, 0x40, 0xe2,
  0x01, 0x00,
]);
const READ_COMMANDS = new Set<CommandName>(['readText', 'readWithFingerprint']);

let serialCounter = 0;

/** Reader-side simulator. Call `start()` to open its transport. */
export class IdCardSimulator {
  private readonly transport: Transport;
  private readonly framing: SamFraming;
  private readonly decoder: StreamDecoder<Buffer | { error: string }>;
  private readonly haltAfterRead: boolean;
  private readonly faults = new Set<IdCardFault>();
  private card: (SimulatedCard & { serial: string }) | null = null;
  private halted = false;
  private randomState: number;
  private queue: Promise<void> = Promise.resolve();
  delayMs: number;
  /** Requests received per command name, and `invalid` for undecodable ones. */
  readonly requestCounts = new Map<CommandName | 'invalid' | 'unknown', number>();

  constructor(options: IdCardSimulatorOptions) {
    this.transport = options.transport;
    this.framing = options.framing ?? 'serial';
    this.delayMs = options.delayMs ?? 1500;
    this.haltAfterRead = options.haltAfterRead ?? true;
    this.randomState = options.seed ?? 0x2545f491;
    this.decoder = this.framing === 'hid' ? hidRequestDecoder() : serialRequestDecoder();
    if (options.card !== null) this.placeCard(options.card ?? { text: TEST_CITIZEN });
    this.transport.on('data', (chunk) => this.accept(chunk));
  }

  async start(): Promise<void> {
    await this.transport.open();
    log.info(
      { target: this.transport.target, framing: this.framing },
      'ID card simulator started',
    );
  }

  async stop(): Promise<void> {
    await this.queue;
    await this.transport.close();
  }

  /** Puts a card on the reader (the test citizen by default); replaces any card there. */
  placeCard(card: SimulatedCard = { text: TEST_CITIZEN }): void {
    serialCounter += 1;
    this.card = {
      ...card,
      serial: card.serial ?? serialCounter.toString(16).padStart(16, '0'),
    };
    this.halted = false;
  }

  removeCard(): void {
    this.card = null;
    this.halted = false;
  }

  get hasCard(): boolean {
    return this.card !== null;
  }

  setFault(fault: IdCardFault, on = true): void {
    if (on) this.faults.add(fault);
    else this.faults.delete(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  get activeFaults(): IdCardFault[] {
    return [...this.faults];
  }

  /** Requests of one command received so far. */
  count(command: CommandName | 'invalid' | 'unknown'): number {
    return this.requestCounts.get(command) ?? 0;
  }

  private accept(chunk: Buffer): void {
    for (const request of this.decoder.push(chunk)) {
      // Replies go out in request order, even when a fault delays one.
      this.queue = this.queue
        .then(() => this.respond(request))
        .catch((error: unknown) => {
          log.warn(
            { target: this.transport.target, err: String(error) },
            'simulator reply failed',
          );
        });
    }
  }

  private async respond(request: Buffer | { error: string }): Promise<void> {
    if (!Buffer.isBuffer(request)) {
      this.bump('invalid');
      // 10: the reader received a request with a bad checksum.
      await this.send(encodeResponse(0x10), undefined);
      return;
    }
    const command = commandName(request[0] ?? 0, request[1] ?? 0);
    this.bump(command ?? 'unknown');
    const reply = command ? this.reply(command) : encodeResponse(0x21);
    await this.send(reply, command);
  }

  private bump(key: CommandName | 'invalid' | 'unknown'): void {
    this.requestCounts.set(key, (this.requestCounts.get(key) ?? 0) + 1);
  }

  /** Builds the correct reply frame of one command for the current card. */
  private reply(command: CommandName): Buffer {
    const card = this.faults.has('no-card') ? null : this.card;
    switch (command) {
      case 'resetSam':
      case 'samStatus':
        return encodeResponse(0x90);
      case 'readSamId':
        return encodeResponse(0x90, SAM_ID);
      case 'findCard':
        return card && !this.halted
          ? encodeResponse(0x9f, Buffer.alloc(4))
          : encodeResponse(0x80);
      case 'selectCard':
        return card
          ? encodeResponse(0x90, Buffer.from(card.serial, 'hex'))
          : encodeResponse(0x81);
      case 'readText':
      case 'readWithFingerprint':
        return this.readReply(card, command === 'readWithFingerprint');
      case 'readExtraAddress':
        if (!card?.extraAddress) return encodeResponse(0x91);
        return encodeResponse(
          0x90,
          Buffer.from(card.extraAddress.padEnd(35, ' ').slice(0, 35), 'utf16le'),
        );
    }
  }

  private readReply(card: SimulatedCard | null, withFingerprint: boolean): Buffer {
    if (!card) return encodeResponse(0x41);
    if (this.faults.has('removed-mid-read')) {
      this.faults.delete('removed-mid-read');
      this.removeCard();
      return encodeResponse(0x41);
    }
    const text = encodeTextBlock(card.text);
    const photo = card.photo ?? TEST_PHOTO;
    const fingerprint = withFingerprint
      ? (card.fingerprint ?? Buffer.alloc(0))
      : undefined;
    const blocks = fingerprint ? [text, photo, fingerprint] : [text, photo];
    const lengths = Buffer.alloc(blocks.length * 2);
    blocks.forEach((block, index) => lengths.writeUInt16BE(block.length, index * 2));
    if (this.haltAfterRead) this.halted = true;
    return encodeResponse(0x90, Buffer.concat([lengths, ...blocks]));
  }

  /** Applies the active faults to a reply and writes it. */
  private async send(frame: Buffer, command: CommandName | undefined): Promise<void> {
    if (this.faults.has('silent')) return;
    let stream = frame;
    const isRead = command !== undefined && READ_COMMANDS.has(command);
    if (isRead && this.faults.has('bad-checksum')) {
      stream = Buffer.from(frame);
      stream[stream.length - 1] = (stream[stream.length - 1] ?? 0) ^ 0xff;
    }
    if (isRead && this.faults.has('bad-length')) {
      stream = Buffer.from(frame);
      stream.writeUInt16BE(0xfff0, PREAMBLE.length);
    }
    if (this.faults.has('garbage')) stream = this.garbage(frame.length);
    if (this.faults.has('multi-frame')) stream = Buffer.concat([stream, stream]);
    if (this.faults.has('junk-before'))
      stream = Buffer.concat([
        Buffer.from([0xaa, 0x00, 0xaa, 0x96]),
        this.garbage(5),
        stream,
      ]);
    if (this.faults.has('slow')) await delay(this.delayMs);

    const chunks = this.framing === 'hid' ? encodeHidResponse(stream) : [stream];
    for (const chunk of chunks) {
      if (this.faults.has('split-bytes')) {
        for (const byte of chunk) await this.write(Buffer.from([byte]));
      } else {
        await this.write(chunk);
      }
    }
  }

  private async write(bytes: Buffer): Promise<void> {
    if (!this.transport.isOpen) return;
    await this.transport.write(bytes);
  }

  /** Random bytes without 0xAA, so they never form a preamble. */
  private garbage(size: number): Buffer {
    const bytes = Buffer.alloc(size);
    for (let index = 0; index < size; index += 1) {
      this.randomState ^= this.randomState << 13;
      this.randomState ^= this.randomState >>> 17;
      this.randomState ^= this.randomState << 5;
      const byte = this.randomState & 0xff;
      bytes[index] = byte === 0xaa ? 0x55 : byte;
    }
    return bytes;
  }
}

/** Request decoder on serial: whole SAM frames; a frame error becomes an error item. */
function serialRequestDecoder(): StreamDecoder<Buffer | { error: string }> {
  const frames = new SamFrameDecoder({ maxLength: 64 });
  return {
    push: (chunk) =>
      frames
        .push(chunk)
        .map((item) =>
          item.kind === 'frame' ? item.frame.body : { error: item.error.message },
        ),
    reset: () => frames.reset(),
  };
}

/** Request decoder on HID: one SAM request frame per 64-byte report. */
function hidRequestDecoder(): StreamDecoder<Buffer | { error: string }> {
  const reports = new FixedLengthDecoder(HID_REPORT_SIZE);
  const frames = new SamFrameDecoder({ maxLength: 64 });
  return {
    push: (chunk) =>
      reports.push(chunk).flatMap((report) => {
        try {
          return frames
            .push(decodeHidRequest(report))
            .map((item) =>
              item.kind === 'frame' ? item.frame.body : { error: item.error.message },
            );
        } catch (error) {
          return [{ error: error instanceof Error ? error.message : String(error) }];
        }
      }),
    reset: () => {
      reports.reset();
      frames.reset();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
