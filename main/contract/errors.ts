import type { ErrorCode } from './api.js';

/** An error a handler raises on purpose; its code and message reach the screen. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
