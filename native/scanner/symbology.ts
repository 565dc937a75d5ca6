/**
 * Symbology names by the code character of an AIM symbology identifier
 * (`]` + code character + modifier, ISO/IEC 15424), as barcode scanners
 * report them.
 */
const AIM_CODE_NAMES: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  E: 'EAN/UPC',
  e: 'GS1 DataBar',
  F: 'Codabar',
  G: 'Code 93',
  I: 'Interleaved 2 of 5',
  L: 'PDF417',
  Q: 'QR Code',
  z: 'Aztec',
  X: 'Other',
};

/** Returns the symbology name of an AIM identifier such as `]Q1`, or `unknown`. */
export function symbologyName(aimId: string): string {
  if (aimId.length < 2 || aimId[0] !== ']') return 'unknown';
  return AIM_CODE_NAMES[aimId[1] ?? ''] ?? 'unknown';
}
