// Stable error codes of the ID card reader driver, with a short message in
// simplified Chinese that a kiosk screen can show as it is.
import { TransportError } from '../transport/types.js';
import { SamFrameError } from './protocol.js';
import { SamStatusError } from './responses.js';
import { TextBlockError } from './text-block.js';

export type IdCardErrorCode =
  | 'CARD_UNREADABLE'
  | 'CARD_REMOVED'
  | 'CARD_DATA_INVALID'
  | 'CHECKSUM_ERROR'
  | 'FRAME_ERROR'
  | 'READER_TIMEOUT'
  | 'READER_DISCONNECTED'
  | 'SAM_ERROR';

/** Screen text per code, simplified Chinese. */
export const USER_MESSAGES: Record<IdCardErrorCode, string> = {
  CARD_UNREADABLE: '读卡失败，请把身份证重新放到读卡区',
  CARD_REMOVED: '身份证被移开了，请重新放好',
  CARD_DATA_INVALID: '证件信息无法识别，请联系工作人员',
  CHECKSUM_ERROR: '读卡数据有误，请把身份证重新放到读卡区',
  FRAME_ERROR: '读卡数据有误，请把身份证重新放到读卡区',
  READER_TIMEOUT: '读卡器没有响应，请联系工作人员',
  READER_DISCONNECTED: '读卡器未连接，请联系工作人员',
  SAM_ERROR: '读卡器安全模块故障，请联系工作人员',
};

/** Error of the reader driver; `message` is English for logs, `userMessage` is for screens. */
export class IdCardError extends Error {
  override readonly name = 'IdCardError';
  readonly userMessage: string;

  constructor(
    readonly code: IdCardErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.userMessage = USER_MESSAGES[code];
  }
}

const CARD_STATUSES = new Set([0x31, 0x32, 0x33, 0x40, 0x41, 0x81]);

/** Maps a failure of one request to a driver error; unknown values become SAM_ERROR. */
export function toIdCardError(error: unknown): IdCardError {
  if (error instanceof IdCardError) return error;
  if (error instanceof TransportError) {
    const code = error.code === 'TIMEOUT' ? 'READER_TIMEOUT' : 'READER_DISCONNECTED';
    return new IdCardError(code, error.message, { cause: error });
  }
  if (error instanceof SamFrameError) {
    const code = error.code === 'BAD_CHECKSUM' ? 'CHECKSUM_ERROR' : 'FRAME_ERROR';
    return new IdCardError(code, error.message, { cause: error });
  }
  if (error instanceof SamStatusError) {
    return new IdCardError(statusErrorCode(error.status.code), error.message, {
      cause: error,
    });
  }
  if (error instanceof TextBlockError) {
    return new IdCardError('CARD_DATA_INVALID', `Card text rejected: ${error.message}`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new IdCardError('SAM_ERROR', `Unexpected reader failure: ${message}`, {
    cause: error,
  });
}

function statusErrorCode(sw3: number): IdCardErrorCode {
  if (sw3 === 0x80) return 'CARD_REMOVED';
  // 0x10: the reader received our request with a bad checksum.
  if (sw3 === 0x10) return 'CHECKSUM_ERROR';
  if (CARD_STATUSES.has(sw3)) return 'CARD_UNREADABLE';
  return 'SAM_ERROR';
}
