import iconv from 'iconv-lite';

/**
 * Text encodings the encoder writes.
 *
 * - `gb18030`: every Unicode scalar value has bytes (1, 2 or 4 per character).
 *   Use it when the printer's font covers GB18030.
 * - `gbk`: only characters with a 1-byte ASCII or a 2-byte GBK code are
 *   written. Everything else becomes {@link SUBSTITUTE_CHARACTER}, because
 *   many printers carry a GBK font only and print 4-byte GB18030 codes as
 *   garbage.
 */
export type TextEncoding = 'gb18030' | 'gbk';

/**
 * Printed in place of a character the chosen encoding or font cannot show,
 * such as an emoji or a CJK Extension B name character (𠮷) in GBK mode.
 * U+25A1 has the GBK code A1 F5, so every GBK font has it.
 */
export const SUBSTITUTE_CHARACTER = '□';

/**
 * Characters mapped before encoding. GB18030 writes the yen sign U+00A5 as the
 * 4-byte code 81 30 84 36, which GBK fonts print as "0 6", and GBK has no code
 * for it at all, so it becomes the fullwidth yen sign U+FFE5 (GBK A3 A4).
 */
const CHARACTER_MAP: ReadonlyMap<string, string> = new Map([['\u00a5', '\uffe5']]);

export interface SanitizeOptions {
  /** Keep `\n` (and turn `\r\n`, `\r`, U+2028, U+2029 into `\n`); otherwise they become spaces. */
  allowLineBreaks?: boolean;
}

export interface SanitizedText {
  text: string;
  /** Number of code points removed (control and format characters). */
  removed: number;
}

/**
 * Removes everything from outside text that a printer could execute or that
 * prints as garbage. That is C0 controls U+0000-U+001F, DEL U+007F, C1
 * controls U+0080-U+009F and Unicode format characters (general category Cf:
 * zero-width spaces, bidirectional overrides, U+FEFF). A tab becomes a space,
 * and line breaks survive only with `allowLineBreaks`. After this, no ESC,
 * GS, DLE or FS byte can come from the text, because every byte of a GBK or
 * GB18030 multi-byte code is 0x30 or above.
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): SanitizedText {
  const lineBreak = options.allowLineBreaks === true ? '\n' : ' ';
  let removed = 0;
  let output = '';
  const normalized = text.replace(/\r\n?/g, '\n');

  for (const ch of normalized) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || code === 0x2028 || code === 0x2029) {
      output += lineBreak;
    } else if (ch === '\t') {
      output += ' ';
    } else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      FORMAT_CHARACTER.test(ch)
    ) {
      removed += 1;
    } else {
      output += ch;
    }
  }
  return { text: output, removed };
}

const FORMAT_CHARACTER = /^\p{Cf}$/u;
const LONE_SURROGATE = /^[\ud800-\udfff]$/;

export interface EncodedText {
  bytes: Uint8Array;
  /** Number of characters replaced by the substitute character. */
  substituted: number;
}

export interface EncodeTextOptions extends SanitizeOptions {
  encoding: TextEncoding;
  /** Defaults to {@link SUBSTITUTE_CHARACTER}; must itself be encodable in GBK. */
  substitute?: string;
}

const characterCache: Record<TextEncoding, Map<string, Uint8Array | null>> = {
  gb18030: new Map(),
  gbk: new Map(),
};

/**
 * Returns the printer bytes of one code point, or null when the encoding has
 * no code for it (GBK) or it is a lone surrogate (both encodings).
 */
export function encodeCharacter(ch: string, encoding: TextEncoding): Uint8Array | null {
  const cache = characterCache[encoding];
  const cached = cache.get(ch);
  if (cached !== undefined) return cached;

  let bytes: Uint8Array | null = null;
  if (!LONE_SURROGATE.test(ch)) {
    const encoded = iconv.encode(ch, encoding);
    bytes = isValidCode(ch, encoded, encoding) ? new Uint8Array(encoded) : null;
  }
  if (cache.size < MAX_CACHED_CHARACTERS) cache.set(ch, bytes);
  return bytes;
}

const MAX_CACHED_CHARACTERS = 20_000;

/**
 * iconv-lite writes '?' for a character it cannot encode, and its GBK table
 * maps the euro sign to the single byte 0x80, which GBK printer fonts lack.
 * A GBK code is valid here only as printable ASCII or as a 2-byte code with a
 * lead byte 0x81-0xFE.
 */
function isValidCode(ch: string, encoded: Buffer, encoding: TextEncoding): boolean {
  if (encoded.length === 1 && encoded[0] === 0x3f && ch !== '?') return false;
  if (encoding === 'gb18030') return true;
  if (encoded.length === 1) return (encoded[0] ?? 0) < 0x80;
  const lead = encoded[0] ?? 0;
  return encoded.length === 2 && lead >= 0x81 && lead <= 0xfe;
}

/** Applies {@link CHARACTER_MAP} and the substitute to sanitized text. */
function prepareCharacters(
  text: string,
  encoding: TextEncoding,
  substitute: string,
): { characters: Uint8Array[]; substituted: number } {
  const substituteBytes = encodeCharacter(substitute, 'gbk');
  if (substituteBytes === null || [...substitute].length !== 1) {
    throw new RangeError(
      `substitute must be one GBK character, got ${JSON.stringify(substitute)}`,
    );
  }
  const characters: Uint8Array[] = [];
  let substituted = 0;
  for (const original of text) {
    const ch = CHARACTER_MAP.get(original) ?? original;
    const bytes = encodeCharacter(ch, encoding);
    if (bytes === null) {
      substituted += 1;
      characters.push(substituteBytes);
    } else {
      characters.push(bytes);
    }
  }
  return { characters, substituted };
}

/** Sanitizes outside text and encodes it for the printer. */
export function encodeText(text: string, options: EncodeTextOptions): EncodedText {
  const sanitized = sanitizeText(text, options);
  const { characters, substituted } = prepareCharacters(
    sanitized.text,
    options.encoding,
    options.substitute ?? SUBSTITUTE_CHARACTER,
  );
  const length = characters.reduce((sum, bytes) => sum + bytes.length, 0);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const character of characters) {
    bytes.set(character, offset);
    offset += character.length;
  }
  return { bytes, substituted };
}

/**
 * Returns the printed width of one character in columns of the ASCII font.
 * In Chinese (Kanji) mode a printer draws every multi-byte code as one
 * full-width glyph, so the width follows the byte count: 1 for ASCII, 2 for
 * any 2- or 4-byte code (and for the substitute).
 */
export function characterWidth(ch: string, encoding: TextEncoding): number {
  const mapped = CHARACTER_MAP.get(ch) ?? ch;
  const bytes = encodeCharacter(mapped, encoding);
  if (bytes === null) return 2;
  return bytes.length === 1 ? 1 : 2;
}

/** Returns the printed width of sanitized single-line text. */
export function textWidth(text: string, encoding: TextEncoding): number {
  let width = 0;
  for (const ch of text) width += characterWidth(ch, encoding);
  return width;
}

/** Closing punctuation that must not start a line (Chinese line-breaking rule). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’…,.;:?!)']);

/** A run of ASCII letters, digits and symbols, one space, or one other character. */
const TOKEN = /[\x21-\x7e]+| |[^]/gu;

/**
 * Sanitizes outside text and wraps it into lines of at most `columns`
 * printed columns. Chinese text breaks between any two characters. An ASCII
 * word (a link, a phone number) moves to the next line whole when it fits
 * there and is split otherwise. Closing punctuation does not start a line,
 * because the character before it moves down with it (unless that
 * character is alone on its line).
 */
export function wrapText(
  text: string,
  columns: number,
  encoding: TextEncoding,
): string[] {
  if (!Number.isInteger(columns) || columns < 4) {
    throw new RangeError(`columns must be an integer of at least 4, got ${columns}`);
  }
  const { text: clean } = sanitizeText(text, { allowLineBreaks: true });
  const lines: string[] = [];
  for (const paragraph of clean.split('\n')) {
    lines.push(...wrapParagraph(paragraph, columns, encoding));
  }
  return lines;
}

function wrapParagraph(
  paragraph: string,
  columns: number,
  encoding: TextEncoding,
): string[] {
  const lines: string[][] = [[]];
  let width = 0;

  const newLine = (): void => {
    lines.push([]);
    width = 0;
  };
  const current = (): string[] => lines[lines.length - 1] ?? [];

  const place = (ch: string): void => {
    const chWidth = characterWidth(ch, encoding);
    if (width + chWidth > columns) {
      const previous = current();
      const carried =
        NO_LINE_START.has(ch) && previous.length > 1 ? previous.pop() : undefined;
      newLine();
      if (carried !== undefined) {
        current().push(carried);
        width = characterWidth(carried, encoding);
      }
    }
    current().push(ch);
    width += chWidth;
  };

  for (const token of paragraph.match(TOKEN) ?? []) {
    if (token === ' ') {
      if (width > 0 && width + 1 <= columns) place(' ');
      else if (width > 0) newLine();
      continue;
    }
    const tokenWidth = textWidth(token, encoding);
    if (
      token.length > 1 &&
      width > 0 &&
      width + tokenWidth > columns &&
      tokenWidth <= columns
    ) {
      newLine();
    }
    for (const ch of token) place(ch);
  }
  return lines.map((line) => line.join('').trimEnd());
}
