// Property tests: random and mutated input to the pure ID card code must give
// typed results or typed errors, never another exception, and the decoders'
// buffers must stay bounded. Input sizes are bounded so that no run can hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HidResponseDecoder,
  encodeHidResponse,
} from '../../native/idcard/hid-framing.js';
import {
  SamFrameDecoder,
  SamFrameError,
  encodeResponse,
  type DecodedItem,
} from '../../native/idcard/protocol.js';
import {
  SamStatusError,
  parseExtraAddress,
  parseFindCard,
  parseReadCard,
  parseResponse,
  parseSamId,
  parseSelectCard,
} from '../../native/idcard/responses.js';
import { TEST_CITIZEN } from '../../native/idcard/test-citizen.js';
import { encodeTextBlock } from '../../native/idcard/text-block-encoder.js';
import {
  TextBlockError,
  parseTextBlock,
  type CardText,
} from '../../native/idcard/text-block.js';

const MAX_LENGTH = 512;
const bytes = (maxLength: number) =>
  fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));

/** Splits a buffer at the given cut points. */
function split(buffer: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (buffer.length + 1)))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(buffer.subarray(start, point));
    start = point;
  }
  chunks.push(buffer.subarray(start));
  return chunks;
}

const validFrame = fc
  .tuple(fc.integer({ min: 0, max: 255 }), bytes(64))
  .map(([sw3, data]) => encodeResponse(sw3, data));

/** A valid frame with a few bytes changed, removed or inserted. */
const mutatedFrame = fc
  .tuple(
    validFrame,
    fc.array(
      fc.record({
        kind: fc.constantFrom('flip', 'delete', 'insert'),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([frame, mutations]) => {
    const out = [...frame];
    for (const { kind, at, value } of mutations) {
      const index = at % (out.length + 1);
      if (kind === 'flip' && index < out.length)
        out[index] = (out[index] ?? 0) ^ (value | 1);
      else if (kind === 'delete') out.splice(index, 1);
      else out.splice(index, 0, value);
    }
    return Buffer.from(out);
  });

/** Junk that cannot contain a preamble. */
const junk = fc
  .uint8Array({ maxLength: 40 })
  .map((array) => Buffer.from(array.map((byte) => (byte === 0xaa ? 0 : byte))));

function checkItems(items: DecodedItem[]): void {
  for (const item of items) {
    if (item.kind === 'error') expect(item.error).toBeInstanceOf(SamFrameError);
    else expect(Buffer.isBuffer(item.frame.body)).toBe(true);
  }
}

describe('sam decoder fuzz', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(bytes(4096), fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
        const decoder = new SamFrameDecoder({ maxLength: MAX_LENGTH });
        for (const chunk of split(stream, cuts)) {
          checkItems(decoder.push(chunk));
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(7 + MAX_LENGTH);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on mutated frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(mutatedFrame, validFrame, junk), { maxLength: 8 }),
        fc.array(fc.nat()),
        (parts, cuts) => {
          const decoder = new SamFrameDecoder({ maxLength: MAX_LENGTH });
          for (const chunk of split(Buffer.concat(parts), cuts)) {
            checkItems(decoder.push(chunk));
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(7 + MAX_LENGTH);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds frames between junk in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(junk, validFrame), { maxLength: 6 }),
        fc.array(fc.nat()),
        (pairs, cuts) => {
          const stream = Buffer.concat(pairs.flat());
          const decoder = new SamFrameDecoder({ maxLength: MAX_LENGTH });
          const items = split(stream, cuts).flatMap((chunk) => decoder.push(chunk));
          const expected = pairs.map(([, frame]) =>
            frame.subarray(7, -1).toString('hex'),
          );
          expect(
            items.map((item) =>
              item.kind === 'frame' ? item.frame.body.toString('hex') : 'error',
            ),
          ).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hid decoder never throws', () => {
    const reports = fc.oneof(
      bytes(64 * 4),
      validFrame.map((frame) => Buffer.concat(encodeHidResponse(frame))),
      mutatedFrame.map((frame) => Buffer.concat(encodeHidResponse(frame))),
    );
    fc.assert(
      fc.property(
        fc.array(reports, { maxLength: 6 }),
        fc.array(fc.nat()),
        (parts, cuts) => {
          const decoder = new HidResponseDecoder({ maxLength: MAX_LENGTH });
          for (const chunk of split(Buffer.concat(parts), cuts)) {
            checkItems(decoder.push(chunk));
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(64 + 7 + MAX_LENGTH);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sam response fuzz', () => {
  it('throws only typed errors', () => {
    const parsers = [
      parseFindCard,
      parseSelectCard,
      parseSamId,
      parseExtraAddress,
      (response: ReturnType<typeof parseResponse>) => parseReadCard(response, 'readText'),
      (response: ReturnType<typeof parseResponse>) =>
        parseReadCard(response, 'readWithFingerprint'),
    ];
    fc.assert(
      fc.property(bytes(1400), (body) => {
        for (const parse of parsers) {
          try {
            parse(parseResponse({ body }));
          } catch (error) {
            expect(
              error instanceof SamFrameError || error instanceof SamStatusError,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** Collects every string value of a parsed card, nested ones included. */
function strings(card: CardText): string[] {
  return Object.values(card).flatMap((value: unknown) => {
    if (typeof value === 'string') return [value];
    if (value && typeof value === 'object')
      return Object.values(value).filter((inner) => typeof inner === 'string');
    return [];
  });
}

function parseChecked(block: Uint8Array): void {
  try {
    const card = parseTextBlock(block);
    for (const text of strings(card)) expect(text).not.toMatch(/[\u0000-\u001f\u007f]/u);
  } catch (error) {
    expect(error).toBeInstanceOf(TextBlockError);
  }
}

describe('text block fuzz', () => {
  it('random blocks give typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (block) =>
        parseChecked(block),
      ),
      { numRuns: 500 },
    );
  });

  it('random sizes give BAD_SIZE', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }).filter((block) => block.length !== 256),
        (block) => {
          expect(() => parseTextBlock(block)).toThrow(TextBlockError);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('mutated blocks give typed errors', () => {
    const base = encodeTextBlock(TEST_CITIZEN);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
          { minLength: 1, maxLength: 8 },
        ),
        (changes) => {
          const block = Buffer.from(base);
          for (const [index, value] of changes) block[index] = value;
          parseChecked(block);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('mutated text fields stay clean', () => {
    const unicodeText = fc.string({ unit: 'binary', maxLength: 20 });
    fc.assert(
      fc.property(unicodeText, unicodeText, (name, address) => {
        parseChecked(encodeTextBlock({ ...TEST_CITIZEN, name, address }));
      }),
      { numRuns: 300 },
    );
  });
});
