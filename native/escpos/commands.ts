/**
 * ESC/POS control bytes and command prefixes shared by the encoder, the
 * decoder and the simulator. Byte layouts follow the Epson ESC/POS command
 * reference as implemented by common Chinese 58/80 mm thermal printers.
 */

export const LF = 0x0a;
export const CR = 0x0d;
export const HT = 0x09;
export const DLE = 0x10;
export const EOT = 0x04;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;

/** Function codes of `GS ( k` with cn = 0x31 (QR code). */
export const QR_FUNCTION = {
  selectModel: 0x41,
  setModuleSize: 0x43,
  setErrorCorrection: 0x45,
  store: 0x50,
  print: 0x51,
} as const;

/** `GS ( k` symbol type byte for QR code. */
export const QR_SYMBOL_TYPE = 0x31;

/** `m` of `GS V`: 0/48 full cut, 1/49 partial cut, 65/66 feed then full/partial cut. */
export const CUT_MODE = {
  full: 0x00,
  partial: 0x01,
  feedFull: 0x41,
  feedPartial: 0x42,
} as const;

/** `n` of `DLE EOT n`, the real-time status request. */
export const STATUS_REQUEST = {
  printer: 1,
  offlineCause: 2,
  errorCause: 3,
  paperSensor: 4,
} as const;

export type StatusRequestKind = (typeof STATUS_REQUEST)[keyof typeof STATUS_REQUEST];

/**
 * Returns whether a byte is a control byte that a printer would execute
 * rather than print: C0 (0x00-0x1F) and DEL (0x7F).
 */
export function isControlByte(byte: number): boolean {
  return byte < 0x20 || byte === 0x7f;
}
