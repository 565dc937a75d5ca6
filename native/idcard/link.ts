// Framing of SAM frames on each kind of link: bare on serial and USB-CDC, or
// inside 64-byte reports on the HID variant.
import type { StreamDecoder } from '../transport/frame-reader.js';
import { HidResponseDecoder, encodeHidRequest } from './hid-framing.js';
import { SamFrameDecoder, type DecodedItem } from './protocol.js';

export type SamFraming = 'serial' | 'hid';

/** Host-side framing: wraps request frames and decodes reply frames. */
export interface SamLink {
  readonly framing: SamFraming;
  wrapRequest(samFrame: Buffer): Buffer;
  createDecoder(): StreamDecoder<DecodedItem>;
}

export function samLink(framing: SamFraming): SamLink {
  if (framing === 'hid') {
    return {
      framing,
      wrapRequest: encodeHidRequest,
      createDecoder: () => new HidResponseDecoder(),
    };
  }
  return {
    framing,
    wrapRequest: (frame) => frame,
    createDecoder: () => new SamFrameDecoder(),
  };
}
