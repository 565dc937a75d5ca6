// Byte-stream transports shared by every native driver. See native/README.md.
export { TransportError } from './types.js';
export type {
  Transport,
  TransportEvents,
  TransportKind,
  TransportErrorCode,
} from './types.js';
export { BaseTransport } from './base.js';
export { SerialTransport, type SerialOptions } from './serial.js';
export { TcpTransport, type TcpOptions } from './tcp.js';
export { HidTransport, toHidReports, type HidDevice, type HidOptions } from './hid.js';
export { LoopbackTransport, createLoopbackPair } from './loopback.js';
export {
  FrameReader,
  FixedLengthDecoder,
  readBytes,
  type StreamDecoder,
  type FrameReaderOptions,
} from './frame-reader.js';
