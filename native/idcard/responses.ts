// Parsing of SAM response bodies (SW1 SW2 SW3 [data]) into typed results.
import { SamFrameError, type CommandName, type SamFrame } from './protocol.js';
import { hex, samStatus, type SamStatus } from './status.js';

/** A response body split into its status words and data. */
export interface SamResponse {
  sw1: number;
  sw2: number;
  status: SamStatus;
  data: Buffer;
}

/** The reader replied to a request with a status other than the expected one. */
export class SamStatusError extends Error {
  override readonly name = 'SamStatusError';

  constructor(
    readonly command: CommandName,
    readonly status: SamStatus,
  ) {
    super(`${command} failed: ${status.description} (SW3 0x${hex(status.code)})`);
  }
}

/** Splits a response frame; throws SamFrameError when the body is shorter than SW1 SW2 SW3. */
export function parseResponse(frame: SamFrame): SamResponse {
  const { body } = frame;
  if (body.length < 3) {
    throw new SamFrameError(
      'BAD_BODY',
      'body',
      `SAM response body has ${body.length} bytes, needs at least 3`,
    );
  }
  return {
    sw1: body[0] ?? 0,
    sw2: body[1] ?? 0,
    status: samStatus(body[2] ?? 0),
    data: body.subarray(3),
  };
}

function expectStatus(response: SamResponse, command: CommandName, code: number): void {
  if (response.status.code !== code) throw new SamStatusError(command, response.status);
}

/** Checks the reply of a request without data (reset, SAM status). */
export function expectOk(response: SamResponse, command: CommandName): void {
  expectStatus(response, command, 0x90);
}

/** Result of find card (20 01): 9F with a 4-byte management number, or 80 for no card. */
export type FindCardResult =
  { present: true; managementNumber: Buffer } | { present: false };

export function parseFindCard(response: SamResponse): FindCardResult {
  if (response.status.code === 0x80) return { present: false };
  expectStatus(response, 'findCard', 0x9f);
  return { present: true, managementNumber: Buffer.from(response.data.subarray(0, 4)) };
}

/** Result of select card (20 02): 90 with the 8-byte card serial number. */
export function parseSelectCard(response: SamResponse): { serialNumber: Buffer } {
  expectStatus(response, 'selectCard', 0x90);
  return { serialNumber: Buffer.from(response.data.subarray(0, 8)) };
}

/** Raw blocks of a card read: 256 text bytes, 1024 WLT photo bytes, optional fingerprint. */
export interface CardBlocks {
  text: Buffer;
  photo: Buffer;
  /** Fingerprint block from 30 10, or null for 30 01 or an empty fingerprint field. */
  fingerprint: Buffer | null;
}

/**
 * Parses the reply of read text + photo (30 01) or of the read with
 * fingerprint (30 10). The data starts with one 2-byte length per block.
 * Public sources read these lengths big-endian, but the Miaxis HID driver
 * reads the fingerprint length low byte first, so the parser takes whichever
 * byte order makes the lengths add up to the data size.
 */
export function parseReadCard(
  response: SamResponse,
  command: 'readText' | 'readWithFingerprint',
): CardBlocks {
  expectStatus(response, command, 0x90);
  const fields = command === 'readWithFingerprint' ? 3 : 2;
  const lengths = blockLengths(response.data, fields);
  let offset = fields * 2;
  const blocks = lengths.map((length) => {
    const block = Buffer.from(response.data.subarray(offset, offset + length));
    offset += length;
    return block;
  });
  const fingerprint = blocks[2];
  return {
    text: blocks[0] ?? Buffer.alloc(0),
    photo: blocks[1] ?? Buffer.alloc(0),
    fingerprint: fingerprint && fingerprint.length > 0 ? fingerprint : null,
  };
}

function blockLengths(data: Buffer, fields: number): number[] {
  if (data.length < fields * 2) {
    throw new SamFrameError(
      'BAD_BODY',
      'body',
      `Card data has ${data.length} bytes, too short for ${fields} length fields`,
    );
  }
  const available = data.length - fields * 2;
  const read = (littleEndian: boolean) =>
    Array.from({ length: fields }, (_, index) =>
      littleEndian ? data.readUInt16LE(index * 2) : data.readUInt16BE(index * 2),
    );
  for (const littleEndian of [false, true]) {
    const lengths = read(littleEndian);
    if (lengths.reduce((sum, length) => sum + length, 0) === available) return lengths;
  }
  throw new SamFrameError(
    'BAD_BODY',
    'body',
    `Card data block lengths ${read(false).join('/')} do not add up to the ${available} data bytes`,
  );
}

/** Parses read extra address (30 03): 90 with 70 UCS-2 bytes, or 91 (no content) as null. */
export function parseExtraAddress(response: SamResponse): string | null {
  if (response.status.code === 0x91) return null;
  expectStatus(response, 'readExtraAddress', 0x90);
  const text = response.data.subarray(0, 70 - (Math.min(response.data.length, 70) % 2));
  const address = text.toString('utf16le').replace(/[\s\u0000]+$/u, '');
  return address.length > 0 ? address : null;
}

/**
 * Formats the 16-byte SAM id (12 FF) the way HslCommunication shows it:
 * `AA.BB-C-DDDDDDDDD-EEEEEEEEE`, from bytes 0 and 2 and three 32-bit
 * little-endian numbers at bytes 4, 8 and 12.
 */
export function parseSamId(response: SamResponse): string {
  expectStatus(response, 'readSamId', 0x90);
  const data = response.data;
  if (data.length < 16) {
    throw new SamFrameError(
      'BAD_BODY',
      'body',
      `SAM id has ${data.length} bytes, expected 16`,
    );
  }
  const two = (value: number) => String(value).padStart(2, '0');
  const nine = (value: number) => String(value).padStart(9, '0');
  return [
    `${two(data[0] ?? 0)}.${two(data[2] ?? 0)}`,
    String(data.readUInt32LE(4)),
    nine(data.readUInt32LE(8)),
    nine(data.readUInt32LE(12)),
  ].join('-');
}
