import {
  CUT_MODE,
  DLE,
  EOT,
  ESC,
  FS,
  GS,
  LF,
  QR_FUNCTION,
  QR_SYMBOL_TYPE,
  type StatusRequestKind,
} from './commands.js';
import {
  QR_MODULE_SIZE_MAX,
  QR_MODULE_SIZE_MIN,
  checkQrPayload,
  qrPayloadBytes,
  type QrErrorCorrection,
} from './qr.js';
import { SUBSTITUTE_CHARACTER, encodeText, type TextEncoding } from './text.js';

export type Alignment = 'left' | 'center' | 'right';
export type CutKind = 'full' | 'partial';

export interface EncoderOptions {
  /** Defaults to `gb18030`. */
  encoding?: TextEncoding;
  /** Defaults to {@link SUBSTITUTE_CHARACTER}. */
  substitute?: string;
}

export interface QrOptions {
  /** Module size in dots, 1-16 (`GS ( k` function 167). Defaults to 6. */
  moduleSize?: number;
  /** Defaults to `M` (15 % of the symbol recoverable). */
  errorCorrection?: QrErrorCorrection;
}

const ALIGNMENT_CODE: Record<Alignment, number> = { left: 0, center: 1, right: 2 };

const ERROR_CORRECTION_CODE: Record<QrErrorCorrection, number> = {
  L: 0x30,
  M: 0x31,
  Q: 0x32,
  H: 0x33,
};

/** `GS ( k` QR model 2, the model every current printer supports. */
const QR_MODEL_2 = 0x32;

/**
 * Returns the real-time status request `DLE EOT n` (10 04 n): n = 1 printer,
 * 2 offline cause, 3 error cause, 4 roll paper sensor. The printer replies
 * with one status byte even while offline.
 */
export function statusRequest(kind: StatusRequestKind): Uint8Array {
  checkInteger('status request', kind, 1, 4);
  return Uint8Array.of(DLE, EOT, kind);
}

/**
 * Builds ESC/POS bytes. Every text method sanitizes its argument first (see
 * `sanitizeText`), so text from outside never produces a command byte; only
 * the builder's own methods emit commands. Numeric arguments are checked and
 * a RangeError names the bad one.
 */
export class EscPosEncoder {
  readonly encoding: TextEncoding;
  private readonly substitute: string;
  private readonly parts: Uint8Array[] = [];
  private substitutedCount = 0;

  constructor(options: EncoderOptions = {}) {
    this.encoding = options.encoding ?? 'gb18030';
    this.substitute = options.substitute ?? SUBSTITUTE_CHARACTER;
  }

  /** Number of characters replaced by the substitute so far. */
  get substituted(): number {
    return this.substitutedCount;
  }

  /** `ESC @`: clears the print buffer and resets every mode to its power-on value. */
  init(): this {
    return this.push(ESC, 0x40);
  }

  /** `FS &` turns Chinese (Kanji) mode on, `FS .` turns it off. */
  chineseMode(on: boolean): this {
    return on ? this.push(FS, 0x26) : this.push(FS, 0x2e);
  }

  /** `ESC a n`; takes effect at the start of a line. */
  align(alignment: Alignment): this {
    return this.push(ESC, 0x61, ALIGNMENT_CODE[alignment]);
  }

  /** `ESC E n`: emphasized (bold) on or off. */
  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** `GS ! n`: character size as width and height multipliers, each 1-8. */
  size(width: number, height: number): this {
    checkInteger('size width', width, 1, 8);
    checkInteger('size height', height, 1, 8);
    return this.push(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  /** Writes sanitized text on the current line; line breaks in it become spaces. */
  text(text: string): this {
    return this.pushText(text, false);
  }

  /** Writes sanitized text that may contain line breaks, each sent as LF. */
  textWithLineBreaks(text: string): this {
    return this.pushText(text, true);
  }

  /** Writes sanitized text and ends the line. */
  line(text = ''): this {
    return this.text(text).lineFeed();
  }

  /** `LF`: prints the buffer and advances one line. */
  lineFeed(): this {
    return this.push(LF);
  }

  /** `ESC d n`: prints the buffer and feeds n lines (0-255). */
  feed(lines: number): this {
    checkInteger('feed lines', lines, 0, 255);
    return this.push(ESC, 0x64, lines);
  }

  /**
   * Prints a model 2 QR code with `GS ( k`: select model, module size, error
   * correction, store the data, print. The store command's pL pH count the
   * UTF-8 BYTES of the payload plus 3, not its characters.
   */
  qrCode(payload: string, options: QrOptions = {}): this {
    const moduleSize = options.moduleSize ?? 6;
    const errorCorrection = options.errorCorrection ?? 'M';
    checkInteger('QR module size', moduleSize, QR_MODULE_SIZE_MIN, QR_MODULE_SIZE_MAX);
    const data = qrPayloadBytes(payload);
    checkQrPayload(data, errorCorrection);

    const storeLength = data.length + 3;
    this.qrFunction(4, QR_FUNCTION.selectModel, QR_MODEL_2, 0);
    this.qrFunction(3, QR_FUNCTION.setModuleSize, moduleSize);
    this.qrFunction(
      3,
      QR_FUNCTION.setErrorCorrection,
      ERROR_CORRECTION_CODE[errorCorrection],
    );
    this.push(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, QR_SYMBOL_TYPE);
    this.push(QR_FUNCTION.store, 0x30);
    this.parts.push(data);
    return this.qrFunction(3, QR_FUNCTION.print, 0x30);
  }

  /**
   * `GS V m n` (function B): feeds to the cutting position plus n motion
   * units, then cuts. `partial` leaves a small hinge (m = 66), `full` cuts
   * through (m = 65).
   */
  cut(kind: CutKind = 'partial', feedUnits = 0): this {
    checkInteger('cut feed units', feedUnits, 0, 255);
    return this.push(
      GS,
      0x56,
      kind === 'full' ? CUT_MODE.feedFull : CUT_MODE.feedPartial,
      feedUnits,
    );
  }

  /** `DLE EOT n`, see {@link statusRequest}. */
  statusRequest(kind: StatusRequestKind): this {
    this.parts.push(statusRequest(kind));
    return this;
  }

  /**
   * `GS a n`: automatic status back. Bits of `mask`: 0x01 drawer, 0x02
   * online/offline, 0x04 errors, 0x08 roll paper, 0x40 panel switch; 0 turns
   * it off.
   */
  autoStatusBack(mask: number): this {
    checkInteger('automatic status back mask', mask, 0, 0xff);
    return this.push(GS, 0x61, mask & 0x4f);
  }

  /** Returns every byte built so far as one array. */
  bytes(): Uint8Array {
    const length = this.parts.reduce((sum, part) => sum + part.length, 0);
    const output = new Uint8Array(length);
    let offset = 0;
    for (const part of this.parts) {
      output.set(part, offset);
      offset += part.length;
    }
    return output;
  }

  private qrFunction(length: number, fn: number, ...parameters: number[]): this {
    return this.push(GS, 0x28, 0x6b, length, 0, QR_SYMBOL_TYPE, fn, ...parameters);
  }

  private pushText(text: string, allowLineBreaks: boolean): this {
    const encoded = encodeText(text, {
      encoding: this.encoding,
      substitute: this.substitute,
      allowLineBreaks,
    });
    this.substitutedCount += encoded.substituted;
    this.parts.push(encoded.bytes);
    return this;
  }

  private push(...bytes: number[]): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}
