/** Raised when the server database was written by a newer release than this one. */
export class DbVersionFromFutureError extends Error {
  readonly code = 'DB_VERSION_FROM_FUTURE';

  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
    readonly file: string,
  ) {
    super(
      `Server database ${file} has schema version ${fileVersion}, but this release ` +
        `supports version ${supportedVersion} at most. Install the newer release again, ` +
        `or restore a backup made by this release.`,
    );
    this.name = 'DbVersionFromFutureError';
  }
}
