// ID card reader driver: polls the reader for a card over any transport and
// emits one 'card' event per placement.
import { EventEmitter } from 'node:events';
import { createLogger } from '../log.js';
import { FrameReader } from '../transport/frame-reader.js';
import { TransportError, type Transport } from '../transport/types.js';
import { IdCardError, toIdCardError } from './errors.js';
import { samLink, type SamFraming, type SamLink } from './link.js';
import { noPhotoDecoder, type PhotoDecoder } from './photo.js';
import { encodeRequest, type CommandName, type DecodedItem } from './protocol.js';
import {
  expectOk,
  parseExtraAddress,
  parseFindCard,
  parseReadCard,
  parseResponse,
  parseSelectCard,
  type SamResponse,
} from './responses.js';
import { parseTextBlock, type CardText } from './text-block.js';

const log = createLogger('idcard');

/** Public sources advise polling find card no faster than every 300 ms. */
export const MIN_POLL_INTERVAL_MS = 300;

/** One card read. */
export interface IdCard {
  text: CardText;
  /** Raw WLT bytes, and the BMP when a licensed decoder is installed. */
  photo: { wlt: Buffer; bmp: Buffer | null };
  fingerprint: Buffer | null;
  /** 追加住址 (address update) when requested and present. */
  extraAddress: string | null;
  /** 8-byte card serial number from select card, as hex. */
  cardSerial: string;
}

export interface IdCardReaderOptions {
  transport: Transport;
  /** 'serial' (default) for RS-232 and USB-CDC readers, 'hid' for 64-byte HID reports. */
  framing?: SamFraming;
  /** Milliseconds between find-card requests; at least 300, default 300. */
  pollIntervalMs?: number;
  /** Timeout of short requests (find, select, SAM status) in ms; default 1000. */
  requestTimeoutMs?: number;
  /** Timeout of the card read in ms; default 3000. */
  readTimeoutMs?: number;
  /** Milliseconds between reconnect attempts while the reader is away; default 1000. */
  reconnectIntervalMs?: number;
  /** Read attempts per placement before waiting for the card to be lifted; default 3. */
  maxReadAttempts?: number;
  /** Use 30 10 (text, photo, fingerprint) instead of 30 01; default false. */
  readFingerprint?: boolean;
  /** Also request the 追加住址 (30 03) after each read; default false. */
  readExtraAddress?: boolean;
  photoDecoder?: PhotoDecoder;
}

/**
 * Events of the reader.
 * - `ready`: the reader replied to a SAM status request, after start or re-plug.
 * - `card`: a card was read, once per placement.
 * - `removed`: the first "no card" reply after a `card` event. Many readers
 *   reply "no card" right after a good read even while the card still lies
 *   there, so this means "the next placement will be read", not that the
 *   card has left.
 * - `error`: failures with a stable `code`. A failed read is reported on
 *   each attempt. A polling failure (timeout, disconnect) is reported once
 *   until the reader replies again. Only emitted while a listener is
 *   attached.
 * - `disconnect`: the transport went away; the driver keeps reopening it.
 */
export type IdCardReaderEvents = {
  ready: [];
  card: [card: IdCard];
  removed: [];
  error: [error: IdCardError];
  disconnect: [error: IdCardError];
};

export type IdCardReaderState = 'stopped' | 'connecting' | 'ready' | 'disconnected';

/** Placement of the card under the antenna, as far as the driver can tell. */
type Placement = 'none' | 'read' | 'failed';

export class IdCardReader extends EventEmitter<IdCardReaderEvents> {
  private readonly transport: Transport;
  private readonly link: SamLink;
  private readonly frames: FrameReader<DecodedItem>;
  private readonly settings: Required<
    Omit<IdCardReaderOptions, 'transport' | 'framing' | 'photoDecoder'>
  >;
  private readonly photoDecoder: PhotoDecoder;

  private currentState: IdCardReaderState = 'stopped';
  private placement: Placement = 'none';
  private placementSerial = '';
  private attempts = 0;
  private lastPollingError: string | undefined;
  private pollingErrorRepeats = 0;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(options: IdCardReaderOptions) {
    super();
    const pollIntervalMs = options.pollIntervalMs ?? MIN_POLL_INTERVAL_MS;
    if (pollIntervalMs < MIN_POLL_INTERVAL_MS) {
      throw new RangeError(
        `pollIntervalMs must be at least ${MIN_POLL_INTERVAL_MS}, got ${pollIntervalMs}`,
      );
    }
    this.transport = options.transport;
    this.link = samLink(options.framing ?? 'serial');
    this.frames = new FrameReader(this.transport, this.link.createDecoder());
    this.photoDecoder = options.photoDecoder ?? noPhotoDecoder;
    this.settings = {
      pollIntervalMs,
      requestTimeoutMs: options.requestTimeoutMs ?? 1000,
      readTimeoutMs: options.readTimeoutMs ?? 3000,
      reconnectIntervalMs: options.reconnectIntervalMs ?? 1000,
      maxReadAttempts: options.maxReadAttempts ?? 3,
      readFingerprint: options.readFingerprint ?? false,
      readExtraAddress: options.readExtraAddress ?? false,
    };
    this.transport.on('disconnect', (cause) => this.handleDisconnect(cause));
  }

  get state(): IdCardReaderState {
    return this.currentState;
  }

  /** Starts polling in the background; `ready` follows once the reader replies. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.currentState = 'connecting';
    this.loop = this.run(controller.signal).catch((error: unknown) => {
      log.error(
        { err: String(error), target: this.transport.target },
        'reader loop failed',
      );
    });
    log.info(
      { target: this.transport.target, framing: this.link.framing },
      'reader started',
    );
  }

  /** Stops polling and closes the transport. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    this.controller = undefined;
    await this.transport.close();
    this.currentState = 'stopped';
    this.placement = 'none';
    log.info({ target: this.transport.target }, 'reader stopped');
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.currentState !== 'ready') {
        const connected = await this.connect(signal);
        if (!connected) {
          await sleep(this.settings.reconnectIntervalMs, signal);
          continue;
        }
      }
      await this.poll(signal);
      await sleep(this.settings.pollIntervalMs, signal);
    }
  }

  /** Opens the transport if needed and checks that the SAM replies. */
  private async connect(signal: AbortSignal): Promise<boolean> {
    try {
      if (!this.transport.isOpen) await this.transport.open();
      expectOk(
        await this.request('samStatus', this.settings.requestTimeoutMs, signal),
        'samStatus',
      );
    } catch (error) {
      if (signal.aborted) return false;
      this.currentState = this.transport.isOpen ? 'connecting' : 'disconnected';
      this.reportPollingError(toIdCardError(error));
      return false;
    }
    this.clearPollingError();
    this.currentState = 'ready';
    log.info({ target: this.transport.target }, 'reader ready');
    this.emit('ready');
    return true;
  }

  private async poll(signal: AbortSignal): Promise<void> {
    let present: boolean;
    try {
      present = parseFindCard(
        await this.request('findCard', this.settings.requestTimeoutMs, signal),
      ).present;
    } catch (error) {
      if (!signal.aborted) this.reportPollingError(toIdCardError(error));
      return;
    }
    this.clearPollingError();

    if (!present) {
      this.endPlacement();
      return;
    }
    if (this.placement === 'read' && (await this.sameCardStillThere(signal))) return;
    if (this.placement === 'failed' && this.attempts >= this.settings.maxReadAttempts)
      return;
    await this.tryRead(signal);
  }

  /**
   * Handles a reader that keeps finding a card it has already read: the
   * placement stays the same while select card returns the same serial.
   */
  private async sameCardStillThere(signal: AbortSignal): Promise<boolean> {
    try {
      const { serialNumber } = parseSelectCard(
        await this.request('selectCard', this.settings.requestTimeoutMs, signal),
      );
      if (serialNumber.toString('hex') === this.placementSerial) return true;
    } catch {
      // A failed select means the card moved; a new read sorts it out.
    }
    this.endPlacement();
    return false;
  }

  private endPlacement(): void {
    if (this.placement === 'read') this.emit('removed');
    this.placement = 'none';
    this.placementSerial = '';
    this.attempts = 0;
  }

  private async tryRead(signal: AbortSignal): Promise<void> {
    try {
      const card = await this.readCard(signal);
      this.placement = 'read';
      this.placementSerial = card.cardSerial;
      this.attempts = 0;
      log.info(
        { target: this.transport.target, cardType: card.text.cardType },
        'card read',
      );
      this.emit('card', card);
    } catch (error) {
      if (signal.aborted) return;
      const failure = toIdCardError(error);
      if (failure.code === 'READER_DISCONNECTED') {
        this.reportPollingError(failure);
        return;
      }
      this.placement = 'failed';
      this.attempts += 1;
      log.warn(
        { target: this.transport.target, code: failure.code, attempt: this.attempts },
        'card read failed',
      );
      this.emitError(failure);
    }
  }

  private async readCard(signal: AbortSignal): Promise<IdCard> {
    const { requestTimeoutMs, readTimeoutMs, readFingerprint } = this.settings;
    const selected = parseSelectCard(
      await this.request('selectCard', requestTimeoutMs, signal),
    );
    const command = readFingerprint ? 'readWithFingerprint' : 'readText';
    const blocks = parseReadCard(
      await this.request(command, readTimeoutMs, signal),
      command,
    );
    const text = parseTextBlock(blocks.text);
    return {
      text,
      photo: { wlt: blocks.photo, bmp: await this.decodePhoto(blocks.photo) },
      fingerprint: blocks.fingerprint,
      extraAddress: await this.readExtraAddress(signal),
      cardSerial: selected.serialNumber.toString('hex'),
    };
  }

  private async readExtraAddress(signal: AbortSignal): Promise<string | null> {
    if (!this.settings.readExtraAddress) return null;
    try {
      return parseExtraAddress(
        await this.request('readExtraAddress', this.settings.requestTimeoutMs, signal),
      );
    } catch (error) {
      // The card text is already good; a missing address update is not worth failing the read.
      log.warn(
        { target: this.transport.target, code: toIdCardError(error).code },
        'extra address read failed',
      );
      return null;
    }
  }

  private async decodePhoto(wlt: Buffer): Promise<Buffer | null> {
    try {
      return await this.photoDecoder.decode(wlt);
    } catch (error) {
      log.warn(
        { decoder: this.photoDecoder.name, err: String(error) },
        'photo decoding failed',
      );
      return null;
    }
  }

  /** Sends one request and returns the first reply frame, after dropping stale input. */
  private async request(
    command: CommandName,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<SamResponse> {
    this.frames.discardPending();
    await this.transport.write(this.link.wrapRequest(encodeRequest(command)));
    const item = await this.frames.next(timeoutMs, signal);
    if (item.kind === 'error') throw item.error;
    return parseResponse(item.frame);
  }

  private handleDisconnect(cause: TransportError): void {
    if (this.currentState === 'stopped') return;
    this.currentState = 'disconnected';
    this.endPlacement();
    const error = toIdCardError(cause);
    this.emit('disconnect', error);
    this.reportPollingError(error);
  }

  /** Reports a polling failure once until the reader replies again; repeats are counted. */
  private reportPollingError(error: IdCardError): void {
    if (error.code === this.lastPollingError) {
      this.pollingErrorRepeats += 1;
      if (this.pollingErrorRepeats % 100 === 0) {
        log.warn(
          {
            target: this.transport.target,
            code: error.code,
            repeats: this.pollingErrorRepeats,
          },
          'reader error repeats',
        );
      }
      return;
    }
    this.lastPollingError = error.code;
    this.pollingErrorRepeats = 0;
    log.warn(
      { target: this.transport.target, code: error.code, err: error.message },
      'reader error',
    );
    this.emitError(error);
  }

  private clearPollingError(): void {
    this.lastPollingError = undefined;
    this.pollingErrorRepeats = 0;
  }

  private emitError(error: IdCardError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/** Waits `ms`, or less when the signal aborts; never rejects. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
