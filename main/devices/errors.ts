// Stable error codes of the device methods, with the plain Chinese words the
// screen shows and what the citizen should do next.
export const DEVICE_ERROR_MESSAGES = {
  NO_CARD: '没有检测到身份证，请将身份证放在读卡区',
  CARD_UNREADABLE: '读卡失败，请重新放置身份证',
  READER_DISCONNECTED: '读卡器未连接，请联系工作人员',
  READER_FAULT: '读卡器故障，请联系工作人员',
  PRINTER_PAPER_OUT: '打印机缺纸，请联系工作人员',
  PRINTER_COVER_OPEN: '打印机盖未关好，请联系工作人员',
  PRINTER_OFFLINE: '打印机暂停工作，请联系工作人员',
  PRINTER_FAULT: '打印机故障，请联系工作人员',
  PRINTER_TIMEOUT: '打印机没有响应，请联系工作人员',
  PRINTER_DISCONNECTED: '打印机未连接，请联系工作人员',
  NO_SCAN: '没有扫到二维码，请把二维码对准扫码窗口',
  SCANNER_DISCONNECTED: '扫码器未连接，请联系工作人员',
} as const;

export type DeviceErrorCode = keyof typeof DEVICE_ERROR_MESSAGES;
export const DEVICE_ERROR_CODES = Object.keys(DEVICE_ERROR_MESSAGES) as DeviceErrorCode[];

/** A device request that failed; `message` is English for logs, `userMessage` is for the screen. */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly userMessage: string;

  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.userMessage = DEVICE_ERROR_MESSAGES[code];
  }
}
