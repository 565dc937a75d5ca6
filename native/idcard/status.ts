// SW3 status codes of the SAM protocol (GA 467 family), as listed in the
// message table of HslCommunication's SAMSerial class (read in a decompiled
// copy).

/** Name, meaning and outcome of one SW3 status byte. */
export interface SamStatus {
  /** The SW3 byte. */
  code: number;
  /** Stable name, e.g. NO_CARD. */
  name: string;
  /** Plain-language meaning, English. */
  description: string;
}

const STATUSES: readonly SamStatus[] = [
  { code: 0x90, name: 'OK', description: 'operation succeeded' },
  { code: 0x9f, name: 'CARD_FOUND', description: 'card found' },
  {
    code: 0x10,
    name: 'RECEIVE_CHECKSUM_ERROR',
    description: 'the reader received a request with a bad checksum',
  },
  {
    code: 0x11,
    name: 'RECEIVE_LENGTH_ERROR',
    description: 'the reader received a request with a bad length',
  },
  { code: 0x21, name: 'COMMAND_ERROR', description: 'the reader rejected the command' },
  { code: 0x23, name: 'UNAUTHORISED_OPERATION', description: 'operation not authorised' },
  {
    code: 0x24,
    name: 'UNRECOGNISED_ERROR',
    description: 'unrecognised error in the reader',
  },
  {
    code: 0x31,
    name: 'CARD_AUTH_FAILED',
    description: 'the card failed to authenticate the SAM',
  },
  {
    code: 0x32,
    name: 'SAM_AUTH_FAILED',
    description: 'the SAM failed to authenticate the card',
  },
  { code: 0x33, name: 'INFO_CHECK_FAILED', description: 'information check failed' },
  { code: 0x40, name: 'UNKNOWN_CARD_TYPE', description: 'unknown card type' },
  { code: 0x41, name: 'READ_FAILED', description: 'reading the card failed' },
  {
    code: 0x47,
    name: 'RANDOM_NUMBER_FAILED',
    description: 'random number generation failed',
  },
  {
    code: 0x60,
    name: 'SAM_SELF_TEST_FAILED',
    description: 'SAM self-test failed, it cannot take commands',
  },
  { code: 0x66, name: 'SAM_NOT_AUTHORISED', description: 'SAM not authorised' },
  { code: 0x80, name: 'NO_CARD', description: 'no card on the reader' },
  { code: 0x81, name: 'SELECT_FAILED', description: 'selecting the card failed' },
  {
    code: 0x91,
    name: 'NO_CONTENT',
    description: 'the card has no content for this request',
  },
];

const BY_CODE = new Map(STATUSES.map((status) => [status.code, status]));

/** Looks up an SW3 byte; unknown bytes get the name UNKNOWN_STATUS. */
export function samStatus(code: number): SamStatus {
  return (
    BY_CODE.get(code) ?? {
      code,
      name: 'UNKNOWN_STATUS',
      description: `unknown reader status 0x${hex(code)}`,
    }
  );
}

/** Returns all known statuses, e.g. for a simulator or a test table. */
export function knownStatuses(): readonly SamStatus[] {
  return STATUSES;
}

export function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
