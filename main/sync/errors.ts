// Failures of one sync attempt. Each has a stable code for logs and tests, an
// English message for the log, and a plain Chinese sentence for the screens.

export type SyncErrorCode =
  | 'NOT_ENROLLED'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'SERVER_ERROR'
  | 'MALFORMED_REPLY'
  | 'UNAUTHORIZED'
  | 'KIOSK_REVOKED'
  | 'CURSOR_EXPIRED'
  | 'RATE_LIMITED'
  | 'REQUEST_REJECTED'
  | 'CONCURRENT_SYNC'
  | 'INTERNAL';

const PLAIN_WORDS: Record<SyncErrorCode, string> = {
  NOT_ENROLLED: '本机尚未登记到县服务器，请联系管理员。',
  NETWORK: '无法连接县服务器，请检查网络。',
  TIMEOUT: '县服务器响应超时，稍后自动重试。',
  SERVER_ERROR: '县服务器暂时出错，稍后自动重试。',
  MALFORMED_REPLY: '县服务器返回的数据不完整，稍后自动重试。',
  UNAUTHORIZED: '本机的登记凭证无效，请联系管理员重新登记。',
  KIOSK_REVOKED: '本机已被县服务器停用，请联系管理员。',
  CURSOR_EXPIRED: '本机数据已过期，正在重新下载全部信息。',
  RATE_LIMITED: '县服务器繁忙，稍后自动重试。',
  REQUEST_REJECTED: '县服务器拒绝了本机的请求，请联系管理员。',
  CONCURRENT_SYNC: '另一个同步程序正在更新本机数据，本次同步已停止。',
  INTERNAL: '本机同步程序出错，稍后自动重试。',
};

/** Codes after which retrying soon cannot help: staff must act first. */
const NEEDS_STAFF: ReadonlySet<SyncErrorCode> = new Set([
  'NOT_ENROLLED',
  'UNAUTHORIZED',
  'KIOSK_REVOKED',
]);

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncError';
  }

  /** The sentence shown on the kiosk's status line. */
  get plainWords(): string {
    return PLAIN_WORDS[this.code];
  }

  /** True when the kiosk should stop retrying at its normal pace. */
  get needsStaff(): boolean {
    return NEEDS_STAFF.has(this.code);
  }
}

/** Wraps an unexpected error (a bug or a store failure) into a SyncError, keeping the cause. */
export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError('INTERNAL', `Sync attempt failed: ${message}`, { cause: error });
}
