// Resident ID card reader (SAM protocol, GA 467 family): driver, pure
// protocol, text block parser and simulator. See native/README.md.
export {
  IdCardReader,
  MIN_POLL_INTERVAL_MS,
  type IdCard,
  type IdCardReaderEvents,
  type IdCardReaderOptions,
  type IdCardReaderState,
} from './reader.js';
export {
  IdCardError,
  USER_MESSAGES,
  toIdCardError,
  type IdCardErrorCode,
} from './errors.js';
export { noPhotoDecoder, type PhotoDecoder } from './photo.js';
export {
  parseTextBlock,
  TextBlockError,
  TEXT_BLOCK_SIZE,
  type CardText,
  type CardType,
  type Gender,
  type Validity,
  type ResidentCardText,
  type ResidencePermitText,
  type ForeignPermanent2017Text,
  type ForeignPermanent2023Text,
  type TextBlockErrorCode,
} from './text-block.js';
export { encodeTextBlock } from './text-block-encoder.js';
export {
  checkIdNumber,
  idCheckCharacter,
  withCheckCharacter,
  type IdNumberCheck,
} from './id-number.js';
export { ethnicityByCode, allEthnicities, type Ethnicity } from './ethnicity.js';
export {
  COMMANDS,
  PREAMBLE,
  SamFrameDecoder,
  SamFrameError,
  encodeFrame,
  encodeRequest,
  encodeResponse,
  xorChecksum,
  type CommandName,
  type DecodedItem,
  type SamFrame,
} from './protocol.js';
export {
  SamStatusError,
  parseResponse,
  parseFindCard,
  parseSelectCard,
  parseReadCard,
  parseExtraAddress,
  parseSamId,
  type SamResponse,
  type CardBlocks,
  type FindCardResult,
} from './responses.js';
export { samStatus, knownStatuses, type SamStatus } from './status.js';
export { samLink, type SamFraming, type SamLink } from './link.js';
export {
  HidResponseDecoder,
  encodeHidRequest,
  decodeHidRequest,
  encodeHidResponse,
} from './hid-framing.js';
export {
  IdCardSimulator,
  IDCARD_FAULTS,
  isIdCardFault,
  type IdCardFault,
  type IdCardSimulatorOptions,
  type SimulatedCard,
} from './simulator.js';
export { TEST_CITIZEN } from './test-citizen.js';
