// QR and barcode scanners: HID POS report parsing and driver, keyboard-wedge
// burst detection, and simulators. See native/README.md.
export {
  HID_POS_REPORT_ID,
  HID_POS_REPORT_SIZE,
  HID_POS_USAGE_PAGE,
  HidPosReportAssembler,
  decodeScanText,
  filterHidPosScanners,
  type BarcodeScan,
  type HidDeviceInfo,
  type ReportResult,
} from './hid-pos.js';
export {
  HidPosScanner,
  createHidPosScanner,
  listHidPosScanners,
  type HidPosScannerEvents,
} from './hid-scanner.js';
export { symbologyName } from './symbology.js';
export {
  WedgeDetector,
  type KeystrokeEvent,
  type WedgeOptions,
  type WedgeResult,
} from './wedge.js';
export {
  SimulatedHidScanner,
  hidPosReports,
  seededRandom,
  typingKeystrokes,
  wedgeKeystrokes,
  type HidPosReportOptions,
  type RandomSource,
  type TypingTimelineOptions,
  type WedgeTimelineOptions,
} from './simulator.js';
