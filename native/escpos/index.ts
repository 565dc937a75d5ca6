// ESC/POS receipt printer: pure encoder, status parser, templates, decoder,
// driver over a transport, and a simulator. See native/README.md.
export { STATUS_REQUEST, type StatusRequestKind } from './commands.js';
export {
  EscPosEncoder,
  statusRequest,
  type Alignment,
  type CutKind,
  type EncoderOptions,
  type QrOptions,
} from './encoder.js';
export {
  SUBSTITUTE_CHARACTER,
  characterWidth,
  encodeText,
  sanitizeText,
  textWidth,
  wrapText,
  type EncodedText,
  type SanitizedText,
  type TextEncoding,
} from './text.js';
export {
  QR_MODEL2_BYTE_CAPACITY,
  QrPayloadTooLongError,
  checkQrPayload,
  fitQrModuleSize,
  qrPayloadBytes,
  type QrErrorCorrection,
} from './qr.js';
export {
  PROBLEM_MESSAGES,
  READY_MESSAGE,
  StatusByteError,
  StatusStreamParser,
  healthFromAutoStatusBack,
  healthFromProblems,
  healthFromReport,
  isRealtimeStatusByte,
  parseRealtimeStatus,
  type AutoStatusBack,
  type HealthState,
  type PrinterHealth,
  type PrinterProblem,
  type RealtimeStatus,
  type StatusReport,
  type StatusStreamEvent,
} from './status.js';
export {
  TEST_PAGE_SAMPLES,
  formatPrintedAt,
  renderJobSlip,
  renderTestPage,
  type JobSlipData,
  type PaperColumns,
  type PrintJob,
  type TemplateLayout,
} from './templates.js';
export {
  commandKinds,
  decodeEscPos,
  type DecodedDocument,
  type DecodedItem,
  type DecodedKind,
  type DecodedLine,
} from './decode.js';
export { PrinterError, type PrinterErrorCode } from './errors.js';
export {
  EscPosPrinter,
  type EscPosPrinterEvents,
  type EscPosPrinterOptions,
  type PrintResult,
} from './printer.js';
export {
  PRINTER_FAULTS,
  PrinterSimulator,
  type PrinterFault,
  type PrinterSimulatorOptions,
} from './simulator.js';
export {
  attachPrinterSimulator,
  servePrinterSimulator,
  type PrinterSimulatorServer,
} from './simulator-link.js';
