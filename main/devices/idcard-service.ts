// The kiosk's ID card reader: runs the driver, keeps its health, and
// resolves long-poll reads with masked data for the screen. The full card
// text stays here, in memory only.
import {
  IdCardReader,
  USER_MESSAGES,
  type CardText,
  type IdCard,
  type IdCardError,
} from '../../native/idcard/index.js';
import type { Transport } from '../../native/transport/index.js';
import type { MaskedCard } from '../contract/devices.js';
import type { Logger } from '../log.js';
import { DeviceError } from './errors.js';
import type { FaultLog } from './fault-log.js';
import { HealthCell } from './health.js';
import { maskCard } from './mask.js';

/** A card read while no screen was waiting is still handed to a request within this time. */
const UNCLAIMED_CARD_MS = 5000;

/** Reader error codes that concern the card on the antenna, not the reader. */
const CARD_ERROR_CODES = new Set<IdCardError['code']>([
  'CARD_UNREADABLE',
  'CARD_REMOVED',
  'CARD_DATA_INVALID',
  'CHECKSUM_ERROR',
  'FRAME_ERROR',
]);

export interface IdCardServiceOptions {
  transport: Transport;
  framing: 'serial' | 'hid';
  simulated: boolean;
  faults: FaultLog;
  log: Logger;
  /** How long the full card text stays in memory after a read; default 10 minutes. */
  keepCardMs?: number;
  /** Milliseconds between reconnect attempts of the driver; default 2000. */
  reconnectIntervalMs?: number;
}

interface Waiter {
  resolve: (card: MaskedCard) => void;
  reject: (error: DeviceError) => void;
  timer: NodeJS.Timeout;
}

export class IdCardService {
  readonly health: HealthCell;
  private readonly reader: IdCardReader;
  private readonly waiters = new Set<Waiter>();
  private unclaimed: { card: IdCard; at: number } | undefined;
  private session: { text: CardText; forgetTimer: NodeJS.Timeout } | undefined;
  private readonly keepCardMs: number;

  constructor(private readonly options: IdCardServiceOptions) {
    const { transport } = options;
    this.keepCardMs = options.keepCardMs ?? 10 * 60_000;
    this.health = new HealthCell({
      id: 'idcard',
      transport: transport.kind,
      target: transport.target,
      simulated: options.simulated,
    });
    this.reader = new IdCardReader({
      transport,
      framing: options.framing,
      reconnectIntervalMs: options.reconnectIntervalMs ?? 2000,
    });
    this.reader.on('ready', () => this.onReady());
    this.reader.on('card', (card) => this.onCard(card));
    this.reader.on('error', (error) => this.onError(error));
    this.reader.on('disconnect', (error) => this.onError(error));
  }

  start(): void {
    this.reader.start();
  }

  async stop(): Promise<void> {
    this.rejectAll(new DeviceError('READER_DISCONNECTED', 'ID card service stopped'));
    this.forget();
    await this.reader.stop();
  }

  /**
   * Waits up to `waitMs` for a card and returns its masked view. Rejects with
   * NO_CARD on timeout, CARD_UNREADABLE when the read fails, and
   * READER_DISCONNECTED or READER_FAULT at once when the reader is not ready.
   */
  read(waitMs: number): Promise<MaskedCard> {
    const state = this.health.value.state;
    if (state === 'disconnected') {
      return Promise.reject(
        new DeviceError('READER_DISCONNECTED', 'ID card reader is disconnected'),
      );
    }
    if (state === 'fault') {
      return Promise.reject(
        new DeviceError(
          'READER_FAULT',
          `ID card reader fault ${this.health.value.code ?? ''}`,
        ),
      );
    }
    const unclaimed = this.unclaimed;
    this.unclaimed = undefined;
    if (unclaimed !== undefined && Date.now() - unclaimed.at <= UNCLAIMED_CARD_MS) {
      return Promise.resolve(this.keep(unclaimed.card));
    }
    return new Promise<MaskedCard>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new DeviceError('NO_CARD', `No card placed within ${waitMs} ms`));
        }, waitMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Returns the full text of the last card read in this session, for registration; null when none or forgotten. */
  currentCard(): CardText | null {
    return this.session?.text ?? null;
  }

  /** Drops the stored card text, e.g. when the citizen's session ends. */
  forget(): void {
    if (this.session) clearTimeout(this.session.forgetTimer);
    this.session = undefined;
  }

  private onReady(): void {
    this.options.faults.clear('idcard');
    this.health.set('ready', '读卡器就绪', null);
  }

  private onCard(card: IdCard): void {
    if (this.waiters.size === 0) {
      this.unclaimed = { card, at: Date.now() };
      return;
    }
    const masked = this.keep(card);
    for (const waiter of this.takeWaiters()) waiter.resolve(masked);
  }

  private onError(error: IdCardError): void {
    if (CARD_ERROR_CODES.has(error.code)) {
      // A bad read is the card's problem, not the reader's: no health change.
      this.options.log.info({ device: 'idcard', code: error.code }, 'card read failed');
      this.rejectAll(new DeviceError('CARD_UNREADABLE', error.message, { cause: error }));
      return;
    }
    this.options.faults.report('idcard', error.code, error.message);
    if (error.code === 'READER_DISCONNECTED') {
      this.health.set(
        'disconnected',
        USER_MESSAGES.READER_DISCONNECTED,
        'READER_DISCONNECTED',
      );
      this.rejectAll(
        new DeviceError('READER_DISCONNECTED', error.message, { cause: error }),
      );
    } else {
      this.health.set('fault', USER_MESSAGES[error.code], 'READER_FAULT');
      this.rejectAll(new DeviceError('READER_FAULT', error.message, { cause: error }));
    }
  }

  private keep(card: IdCard): MaskedCard {
    this.forget();
    const forgetTimer = setTimeout(() => this.forget(), this.keepCardMs);
    forgetTimer.unref();
    this.session = { text: card.text, forgetTimer };
    return maskCard(card.text);
  }

  private takeWaiters(): Waiter[] {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) clearTimeout(waiter.timer);
    return waiters;
  }

  private rejectAll(error: DeviceError): void {
    for (const waiter of this.takeWaiters()) waiter.reject(error);
  }
}
