import QRCode from 'qrcode';
import { sanitizeText } from './text.js';

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/**
 * Byte-mode data capacity of a model 2 QR symbol at version 40, per error
 * correction level, as the qrcode 1.5 package computes it (ISO/IEC 18004).
 * A longer payload cannot become a QR code at all.
 */
export const QR_MODEL2_BYTE_CAPACITY: Readonly<Record<QrErrorCorrection, number>> = {
  L: 2953,
  M: 2331,
  Q: 1663,
  H: 1273,
};

/** Module size range of `GS ( k` function 167, in printer dots. */
export const QR_MODULE_SIZE_MIN = 1;
export const QR_MODULE_SIZE_MAX = 16;

/** Quiet zone the QR standard requires on each side, in modules. */
const QUIET_ZONE_MODULES = 4;

export class QrPayloadTooLongError extends RangeError {
  readonly byteLength: number;
  readonly limit: number;

  constructor(byteLength: number, limit: number, errorCorrection: QrErrorCorrection) {
    super(
      `QR payload is ${byteLength} bytes, more than the ${limit} bytes a model 2 ` +
        `QR code holds at error correction ${errorCorrection}: shorten the link or text`,
    );
    this.name = 'QrPayloadTooLongError';
    this.byteLength = byteLength;
    this.limit = limit;
  }
}

/**
 * Sanitizes a QR payload and returns its UTF-8 bytes. The payload is counted
 * in bytes inside `GS ( k`, so control characters could not break out of it,
 * but they are removed anyway because a phone that scans the code shows them.
 * Line breaks survive (share texts have several lines).
 */
export function qrPayloadBytes(payload: string): Uint8Array {
  const { text } = sanitizeText(payload, { allowLineBreaks: true });
  return new TextEncoder().encode(text);
}

/** Throws {@link QrPayloadTooLongError} when the bytes exceed the model 2 capacity. */
export function checkQrPayload(
  bytes: Uint8Array,
  errorCorrection: QrErrorCorrection,
): void {
  if (bytes.length === 0) throw new RangeError('QR payload is empty');
  const limit = QR_MODEL2_BYTE_CAPACITY[errorCorrection];
  if (bytes.length > limit)
    throw new QrPayloadTooLongError(bytes.length, limit, errorCorrection);
}

/**
 * Returns the side of the QR symbol in modules, quiet zone excluded, for the
 * payload encoded in byte mode. Byte mode is the largest any encoder picks
 * for these bytes, so a printer's own choice is never wider.
 */
export function qrSymbolModules(
  bytes: Uint8Array,
  errorCorrection: QrErrorCorrection,
): number {
  checkQrPayload(bytes, errorCorrection);
  const symbol = QRCode.create([{ data: bytes, mode: 'byte' }], {
    errorCorrectionLevel: errorCorrection,
  });
  return symbol.modules.size;
}

/**
 * Returns the largest module size, up to `preferred`, at which the symbol and
 * its quiet zone fit in `printableDots`. Throws a RangeError when even a
 * 1-dot module is too wide.
 */
export function fitQrModuleSize(
  bytes: Uint8Array,
  errorCorrection: QrErrorCorrection,
  printableDots: number,
  preferred: number,
): number {
  const modules = qrSymbolModules(bytes, errorCorrection) + 2 * QUIET_ZONE_MODULES;
  const fitting = Math.floor(printableDots / modules);
  if (fitting < QR_MODULE_SIZE_MIN) {
    throw new RangeError(
      `QR code of ${modules} modules does not fit ${printableDots} dots of paper: shorten the payload`,
    );
  }
  return Math.min(fitting, preferred, QR_MODULE_SIZE_MAX);
}
