import iconv from 'iconv-lite';
import {
  CR,
  DLE,
  ESC,
  FS,
  GS,
  HT,
  LF,
  QR_FUNCTION,
  QR_SYMBOL_TYPE,
  isControlByte,
} from './commands.js';
import type { Alignment, CutKind } from './encoder.js';
import type { QrErrorCorrection } from './qr.js';
import type { TextEncoding } from './text.js';

/** One command or text run found in captured printer bytes; `offset` is its first byte. */
export type DecodedItem = { offset: number } & (
  | { kind: 'text'; text: string }
  | { kind: 'init' }
  | { kind: 'chinese-mode'; on: boolean }
  | { kind: 'align'; alignment: Alignment }
  | { kind: 'bold'; on: boolean }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'print-mode'; mode: number }
  | { kind: 'line-feed' }
  | { kind: 'carriage-return' }
  | { kind: 'tab' }
  | { kind: 'feed'; lines: number }
  | { kind: 'qr-model'; model: number }
  | { kind: 'qr-module-size'; size: number }
  | { kind: 'qr-error-correction'; level: QrErrorCorrection | 'invalid' }
  | { kind: 'qr-store'; payload: string; byteLength: number }
  | { kind: 'qr-print' }
  | { kind: 'cut'; cut: CutKind; feedUnits: number }
  | { kind: 'status-request'; request: number }
  | { kind: 'auto-status-back'; mask: number }
  | { kind: 'setting'; command: string; parameters: number[] }
  | { kind: 'unknown'; bytes: number[] }
  | { kind: 'truncated'; bytes: number[] }
);

export type DecodedKind = DecodedItem['kind'];

/** A run of text printed with one style. */
export interface TextSegment {
  text: string;
  bold: boolean;
  width: number;
  height: number;
  chineseMode: boolean;
}

/** One printed line: the text between two print commands (LF, `ESC d`, a cut). */
export interface DecodedLine {
  text: string;
  alignment: Alignment;
  segments: TextSegment[];
  /** False for text still in the buffer at the end of the capture: a printer has not printed it yet. */
  complete: boolean;
}

export interface DecodedDocument {
  /** Every command and text run, in order. */
  items: DecodedItem[];
  lines: DecodedLine[];
  /** Payloads of the QR codes printed (stored, then printed with function 181). */
  qrCodes: string[];
  cuts: CutKind[];
  /** Commands this decoder does not know, control bytes outside commands, and a command cut short at the end. */
  unknown: DecodedItem[];
}

export interface DecodeOptions {
  /** Encoding of the text bytes; defaults to `gb18030`, which also reads GBK. */
  encoding?: TextEncoding;
}

interface Style {
  bold: boolean;
  width: number;
  height: number;
  alignment: Alignment;
  chineseMode: boolean;
}

const DEFAULT_STYLE: Style = {
  bold: false,
  width: 1,
  height: 1,
  alignment: 'left',
  chineseMode: false,
};

const ALIGNMENTS: readonly Alignment[] = ['left', 'center', 'right'];
const ERROR_CORRECTION_LEVELS: readonly QrErrorCorrection[] = ['L', 'M', 'Q', 'H'];

/** Parameter byte counts of the fixed-length commands this decoder reads as settings. */
const ESC_SETTINGS: Readonly<Record<number, [name: string, parameters: number]>> = {
  0x20: ['ESC SP right spacing', 1],
  0x24: ['ESC $ absolute position', 2],
  0x2d: ['ESC - underline', 1],
  0x32: ['ESC 2 default line spacing', 0],
  0x33: ['ESC 3 line spacing', 1],
  0x47: ['ESC G double strike', 1],
  0x4a: ['ESC J feed dots', 1],
  0x4d: ['ESC M font', 1],
  0x52: ['ESC R international set', 1],
  0x56: ['ESC V rotation', 1],
  0x70: ['ESC p drawer pulse', 3],
  0x74: ['ESC t code table', 1],
  0x7b: ['ESC { upside down', 1],
};

const PREFIX_BYTES = { ESC, GS, FS } as const;

const GS_SETTINGS: Readonly<Record<number, [name: string, parameters: number]>> = {
  0x42: ['GS B reverse', 1],
  0x48: ['GS H HRI position', 1],
  0x4c: ['GS L left margin', 2],
  0x57: ['GS W print area width', 2],
  0x66: ['GS f HRI font', 1],
  0x68: ['GS h barcode height', 1],
  0x72: ['GS r transmit status', 1],
  0x77: ['GS w barcode width', 1],
};

const FS_SETTINGS: Readonly<Record<number, [name: string, parameters: number]>> = {
  0x21: ['FS ! Chinese print mode', 1],
  0x2d: ['FS - Chinese underline', 1],
  0x43: ['FS C Chinese code system', 1],
  0x53: ['FS S Chinese spacing', 2],
  0x57: ['FS W Chinese quadruple size', 1],
};

/**
 * Decodes captured ESC/POS bytes into the commands, printed lines and QR
 * payloads they contain. Never throws: bytes it does not know become
 * `unknown` items and a command cut short at the end becomes `truncated`.
 * Each step consumes at least one byte, so it ends on any input.
 */
export function decodeEscPos(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): DecodedDocument {
  return new Decoder(bytes, options.encoding ?? 'gb18030').run();
}

/** Returns the kinds of every command item, text runs left out. */
export function commandKinds(document: DecodedDocument): DecodedKind[] {
  return document.items.filter((item) => item.kind !== 'text').map((item) => item.kind);
}

class Decoder {
  private offset = 0;
  private style: Style = { ...DEFAULT_STYLE };
  private readonly items: DecodedItem[] = [];
  private readonly lines: DecodedLine[] = [];
  private readonly qrCodes: string[] = [];
  private readonly cuts: CutKind[] = [];
  private segments: TextSegment[] = [];
  private lineAlignment: Alignment = 'left';
  private storedQr: string | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly encoding: TextEncoding,
  ) {}

  run(): DecodedDocument {
    while (this.offset < this.bytes.length) {
      const start = this.offset;
      this.step();
      if (this.offset <= start) this.offset = start + 1;
    }
    this.endLine(false);
    return {
      items: this.items,
      lines: this.lines,
      qrCodes: this.qrCodes,
      cuts: this.cuts,
      unknown: this.items.filter(
        (item) => item.kind === 'unknown' || item.kind === 'truncated',
      ),
    };
  }

  private step(): void {
    const byte = this.bytes[this.offset] ?? 0;
    if (!isControlByte(byte)) {
      this.readText();
      return;
    }
    switch (byte) {
      case LF:
        this.add({ kind: 'line-feed' }, 1);
        this.endLine(true, true);
        return;
      case CR:
        this.add({ kind: 'carriage-return' }, 1);
        return;
      case HT:
        this.add({ kind: 'tab' }, 1);
        return;
      case ESC:
        this.readEsc();
        return;
      case GS:
        this.readGs();
        return;
      case FS:
        this.readFs();
        return;
      case DLE:
        this.readDle();
        return;
      default:
        this.add({ kind: 'unknown', bytes: [byte] }, 1);
    }
  }

  private readText(): void {
    const start = this.offset;
    let end = start;
    while (end < this.bytes.length && !isControlByte(this.bytes[end] ?? 0)) end += 1;
    const text = iconv.decode(
      Buffer.from(this.bytes.subarray(start, end)),
      this.encoding,
    );
    this.add({ kind: 'text', text }, end - start);
    if (this.segments.length === 0) this.lineAlignment = this.style.alignment;
    this.segments.push({
      text,
      bold: this.style.bold,
      width: this.style.width,
      height: this.style.height,
      chineseMode: this.style.chineseMode,
    });
  }

  private readEsc(): void {
    const command = this.peek(1);
    if (command === undefined) return this.truncate();
    switch (command) {
      case 0x40:
        this.add({ kind: 'init' }, 2);
        this.endLine(true);
        this.style = { ...DEFAULT_STYLE };
        return;
      case 0x45:
        return this.withParameters(2, 1, ([n = 0]) => {
          this.style.bold = (n & 1) === 1;
          return { kind: 'bold', on: this.style.bold };
        });
      case 0x61:
        return this.withParameters(2, 1, ([n = 0]) => {
          const index = n >= 0x30 ? n - 0x30 : n;
          this.style.alignment = ALIGNMENTS[index] ?? this.style.alignment;
          return { kind: 'align', alignment: this.style.alignment };
        });
      case 0x64:
        return this.withParameters(2, 1, ([n = 0]) => {
          this.endLine(true);
          return { kind: 'feed', lines: n };
        });
      case 0x21:
        return this.withParameters(2, 1, ([n = 0]) => {
          this.style.bold = (n & 0x08) !== 0;
          this.style.height = n & 0x10 ? 2 : 1;
          this.style.width = n & 0x20 ? 2 : 1;
          return { kind: 'print-mode', mode: n };
        });
      default:
        return this.readSetting(ESC_SETTINGS, 'ESC', command);
    }
  }

  private readGs(): void {
    const command = this.peek(1);
    if (command === undefined) return this.truncate();
    switch (command) {
      case 0x21:
        return this.withParameters(2, 1, ([n = 0]) => {
          this.style.width = ((n >> 4) & 0x07) + 1;
          this.style.height = (n & 0x07) + 1;
          return { kind: 'size', width: this.style.width, height: this.style.height };
        });
      case 0x56:
        return this.readCut();
      case 0x61:
        return this.withParameters(2, 1, ([n = 0]) => ({
          kind: 'auto-status-back',
          mask: n,
        }));
      case 0x28:
        return this.readGsParenthesis();
      case 0x76:
        return this.readRasterImage();
      default:
        return this.readSetting(GS_SETTINGS, 'GS', command);
    }
  }

  private readFs(): void {
    const command = this.peek(1);
    if (command === undefined) return this.truncate();
    if (command === 0x26 || command === 0x2e) {
      this.style.chineseMode = command === 0x26;
      this.add({ kind: 'chinese-mode', on: this.style.chineseMode }, 2);
      return;
    }
    this.readSetting(FS_SETTINGS, 'FS', command);
  }

  private readDle(): void {
    const command = this.peek(1);
    if (command === undefined) return this.truncate();
    if (command === 0x04) {
      return this.withParameters(2, 1, ([n = 0]) => ({
        kind: 'status-request',
        request: n,
      }));
    }
    if (command === 0x05) {
      return this.withParameters(2, 1, (parameters) =>
        setting('DLE ENQ request', parameters),
      );
    }
    if (command === 0x14) {
      return this.withParameters(2, 3, (parameters) =>
        setting('DLE DC4 real-time', parameters),
      );
    }
    this.add({ kind: 'unknown', bytes: [DLE, command] }, 2);
  }

  /** `GS V m` (m = 0, 1, 48, 49) or `GS V m n` (m = 65, 66). */
  private readCut(): void {
    const mode = this.peek(2);
    if (mode === undefined) return this.truncate();
    const partial = mode === 0x01 || mode === 0x31 || mode === 0x42;
    if (mode === 0x00 || mode === 0x01 || mode === 0x30 || mode === 0x31) {
      return this.recordCut(partial ? 'partial' : 'full', 0, 3);
    }
    if (mode === 0x41 || mode === 0x42) {
      const feed = this.peek(3);
      if (feed === undefined) return this.truncate();
      return this.recordCut(partial ? 'partial' : 'full', feed, 4);
    }
    this.add({ kind: 'unknown', bytes: [GS, 0x56, mode] }, 3);
  }

  private recordCut(cut: CutKind, feedUnits: number, length: number): void {
    this.endLine(true);
    this.cuts.push(cut);
    this.add({ kind: 'cut', cut, feedUnits }, length);
  }

  /** `GS ( x pL pH data`: a length-prefixed command; QR code functions when x = 'k' and cn = 0x31. */
  private readGsParenthesis(): void {
    const low = this.peek(3);
    const high = this.peek(4);
    if (low === undefined || high === undefined) return this.truncate();
    const length = low + high * 256;
    const total = 5 + length;
    if (this.offset + total > this.bytes.length) return this.truncate();
    const data = this.bytes.subarray(this.offset + 5, this.offset + total);
    const function_ = this.peek(2);
    if (function_ === 0x6b && data[0] === QR_SYMBOL_TYPE && data.length >= 2) {
      this.add(this.qrItem(data), total);
      return;
    }
    this.add(
      {
        kind: 'unknown',
        bytes: Array.from(this.bytes.subarray(this.offset, this.offset + total)),
      },
      total,
    );
  }

  private qrItem(data: Uint8Array): DecodedItem {
    const fn = data[1];
    const parameter = data[2] ?? 0;
    switch (fn) {
      case QR_FUNCTION.selectModel:
        return { offset: this.offset, kind: 'qr-model', model: parameter - 0x30 };
      case QR_FUNCTION.setModuleSize:
        return { offset: this.offset, kind: 'qr-module-size', size: parameter };
      case QR_FUNCTION.setErrorCorrection:
        return {
          offset: this.offset,
          kind: 'qr-error-correction',
          level: ERROR_CORRECTION_LEVELS[parameter - 0x30] ?? 'invalid',
        };
      case QR_FUNCTION.store: {
        const payloadBytes = data.subarray(3);
        const payload = new TextDecoder().decode(payloadBytes);
        this.storedQr = payload;
        return {
          offset: this.offset,
          kind: 'qr-store',
          payload,
          byteLength: payloadBytes.length,
        };
      }
      case QR_FUNCTION.print:
        this.endLine(true);
        if (this.storedQr !== undefined) this.qrCodes.push(this.storedQr);
        return { offset: this.offset, kind: 'qr-print' };
      default:
        return { offset: this.offset, kind: 'unknown', bytes: [GS, 0x28, 0x6b, ...data] };
    }
  }

  /** `GS v 0 m xL xH yL yH d1...dk` with k = (xL + xH * 256) * (yL + yH * 256). */
  private readRasterImage(): void {
    const header = this.bytes.subarray(this.offset, this.offset + 8);
    if (header.length < 8) return this.truncate();
    const widthBytes = (header[4] ?? 0) + (header[5] ?? 0) * 256;
    const heightDots = (header[6] ?? 0) + (header[7] ?? 0) * 256;
    const total = 8 + widthBytes * heightDots;
    if (this.offset + total > this.bytes.length) return this.truncate();
    this.endLine(true);
    this.add(setting('GS v 0 raster image', [widthBytes, heightDots]), total);
  }

  private readSetting(
    table: Readonly<Record<number, [name: string, parameters: number]>>,
    prefix: keyof typeof PREFIX_BYTES,
    command: number,
  ): void {
    const entry = table[command];
    if (entry === undefined) {
      this.add({ kind: 'unknown', bytes: [PREFIX_BYTES[prefix], command] }, 2);
      return;
    }
    const [name, count] = entry;
    this.withParameters(2, count, (parameters) => setting(name, parameters));
  }

  private withParameters(
    prefixLength: number,
    count: number,
    build: (parameters: number[]) => DecodedItemBody,
  ): void {
    const end = this.offset + prefixLength + count;
    if (end > this.bytes.length) return this.truncate();
    const parameters = Array.from(this.bytes.subarray(this.offset + prefixLength, end));
    this.add(build(parameters), prefixLength + count);
  }

  private truncate(): void {
    const bytes = Array.from(this.bytes.subarray(this.offset));
    this.add({ kind: 'truncated', bytes }, bytes.length);
  }

  private add(body: DecodedItemBody, length: number): void {
    this.items.push({ ...body, offset: this.offset });
    this.offset += length;
  }

  private peek(relative: number): number | undefined {
    return this.bytes[this.offset + relative];
  }

  /** Ends the current line; an empty line counts only when a line feed prints it. */
  private endLine(complete: boolean, keepEmpty = false): void {
    if (this.segments.length === 0) {
      if (keepEmpty)
        this.lines.push({
          text: '',
          alignment: this.style.alignment,
          segments: [],
          complete,
        });
      return;
    }
    this.lines.push({
      text: this.segments.map((segment) => segment.text).join(''),
      alignment: this.lineAlignment,
      segments: this.segments,
      complete,
    });
    this.segments = [];
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type DecodedItemBody = DistributiveOmit<DecodedItem, 'offset'>;

function setting(command: string, parameters: number[]): DecodedItemBody {
  return { kind: 'setting', command, parameters };
}
