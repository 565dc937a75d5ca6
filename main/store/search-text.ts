// Full-text search for Chinese without a word segmenter. SQLite's trigram
// tokenizer cannot match queries shorter than three characters, and 电工, 保安
// and 护工 are the queries citizens type most, so the index stores two token
// streams instead: `uni` (every single character) and `bi` (overlapping pairs
// of Han characters, plus whole Latin/digit words). A query of n >= 2 Han
// characters becomes a phrase of its n-1 pairs, which matches exactly the
// texts that contain it as a substring.

const FIELD_BREAK = '\uE000';

/** Code point classes of the tokeniser: Han runs, other letter/digit runs, separators. */
const SEPARATOR = 0;
const HAN = 1;
const WORD = 2;
type CharClass = typeof SEPARATOR | typeof HAN | typeof WORD;

const HAN_CHAR = /^\p{Script=Han}$/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Classes of the code points outside the fast ranges, found by regular expression once each. */
const codeClasses = new Map<number, CharClass>();

/**
 * Classifies one code point: Script=Han first, then \p{L} or \p{N}. The
 * ASCII and CJK Unified Ideographs (U+4E00 to U+9FFF, all Script=Han) ranges
 * are decided without a regular expression, because they are nearly every
 * character of a posting.
 */
function codeClass(code: number): CharClass {
  if (code < 0x80) {
    const digit = code >= 0x30 && code <= 0x39;
    const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
    return digit || letter ? WORD : SEPARATOR;
  }
  if (code >= 0x4e00 && code <= 0x9fff) return HAN;
  let known = codeClasses.get(code);
  if (known === undefined) {
    const char = String.fromCodePoint(code);
    if (HAN_CHAR.test(char)) known = HAN;
    else known = WORD_CHAR.test(char) ? WORD : SEPARATOR;
    codeClasses.set(code, known);
  }
  return known;
}

function charClass(char: string): CharClass {
  return codeClass(char.codePointAt(0)!);
}

interface Run {
  /** The run's code points. */
  chars: string[];
  han: boolean;
}

/** Normalises full-width forms (Ｃ１ to c1) and case before tokenising. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Splits text into maximal runs of Han characters and of other letters and digits. */
function splitRuns(text: string): Run[] {
  const runs: Run[] = [];
  let chars: string[] = [];
  let current: CharClass = SEPARATOR;
  for (const char of normalise(text)) {
    const kind = charClass(char);
    if (kind !== current) {
      if (current !== SEPARATOR) runs.push({ chars, han: current === HAN });
      chars = [];
      current = kind;
    }
    if (kind !== SEPARATOR) chars.push(char);
  }
  if (current !== SEPARATOR) runs.push({ chars, han: current === HAN });
  return runs;
}

function hanPairs(chars: readonly string[]): string[] {
  if (chars.length === 1) return [chars[0]!];
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
  return pairs;
}

/** Token columns stored in the FTS5 tables for one document. */
export interface IndexTokens {
  /**
   * Each single Han character and each Latin/digit word, once per document
   * and in order of first appearance. Single-character queries only test
   * presence, so repeats would add index work and no matches.
   */
  uni: string;
  /** Han pairs and Latin/digit words in text order, with a break token after each field. */
  bi: string;
}

/**
 * Builds the `uni` and `bi` token columns for the given text fields. It
 * finds the runs of splitRuns in one pass over the code points, and keys
 * single characters by code point, because it runs for every posting of an
 * import and per-character strings were most of its time.
 */
export function indexTokens(...fields: string[]): IndexTokens {
  // Code points of single Han characters, and Latin/digit words, in order
  // of first appearance.
  const uni = new Set<number | string>();
  const bi: string[] = [];
  for (const field of fields) {
    const text = normalise(field);
    let runStart = 0;
    let runClass: CharClass = SEPARATOR;
    // Start of the previous Han character in the current Han run.
    let previousHan = -1;
    let hanCount = 0;
    for (let i = 0; i <= text.length;) {
      const code = i < text.length ? text.codePointAt(i)! : -1;
      const kind = code < 0 ? SEPARATOR : codeClass(code);
      const width = code > 0xffff ? 2 : 1;
      if (kind !== runClass || kind === HAN) {
        // Close the current run where it ends, before this code point.
        if (runClass === WORD && kind !== WORD) {
          const word = text.slice(runStart, i);
          uni.add(word);
          bi.push(word);
        } else if (runClass === HAN && kind !== HAN) {
          if (hanCount === 1) bi.push(text.slice(previousHan, i));
          previousHan = -1;
          hanCount = 0;
        }
        if (kind === HAN) {
          uni.add(code);
          if (previousHan >= 0) bi.push(text.slice(previousHan, i + width));
          previousHan = i;
          hanCount++;
        } else if (kind !== runClass) {
          runStart = i;
        }
        runClass = kind;
      }
      i += width;
    }
    // A private-use character is a token to the tokenizer but never appears
    // in a query, so it keeps a phrase from spanning the end of one field
    // and the start of the next.
    bi.push(FIELD_BREAK);
  }
  const uniTokens: string[] = [];
  for (const token of uni) {
    uniTokens.push(typeof token === 'number' ? String.fromCodePoint(token) : token);
  }
  return { uni: uniTokens.join(' '), bi: bi.join(' ') };
}

function quote(token: string): string {
  return `"${token}"`;
}

/**
 * One search term as an FTS5 expression: a single Han character for the
 * `uni` table, or a phrase for the `bi` table.
 */
type TermExpression = { column: 'uni' | 'bi'; expression: string };

/** Turns one whitespace-free search term into an FTS5 expression, or null. */
function termExpression(term: string): TermExpression | null {
  const runs = splitRuns(term);
  if (runs.length === 0) return null;

  const only = runs[0]!;
  if (runs.length === 1 && only.han && only.chars.length === 1) {
    return { column: 'uni', expression: quote(only.chars[0]!) };
  }

  const parts: string[] = [];
  runs.forEach((run, index) => {
    const last = index === runs.length - 1;
    if (!run.han) {
      // A Latin or digit word matches as a prefix when it ends the term (c matches c1).
      const word = quote(run.chars.join(''));
      parts.push(last ? `${word}*` : word);
      return;
    }
    if (run.chars.length === 1) {
      // NOTE: a lone Han character inside a mixed term (a区) matches only at the
      // start of a Han run in the text, because its pair with the next text
      // character is unknown. This is exact for the usual A区 / C1驾照 forms.
      parts.push(`${quote(run.chars[0]!)}*`);
      return;
    }
    for (const pair of hanPairs(run.chars)) parts.push(quote(pair));
  });
  return { column: 'bi', expression: `(${parts.join(' + ')})` };
}

/**
 * FTS5 MATCH expressions for the two token tables. A posting matches when it
 * matches every expression that is not null.
 */
export interface MatchQuery {
  /** For the table of single characters (`uni`), or null. */
  uni: string | null;
  /** For the table of pairs and words (`bi`), or null. */
  bi: string | null;
}

/**
 * Builds FTS5 MATCH expressions from what a citizen typed. Terms separated
 * by spaces must all match. Returns null when the query has no letters or
 * digits at all, so the caller lists without a text condition.
 */
export function buildMatchQuery(query: string): MatchQuery | null {
  const uni: string[] = [];
  const bi: string[] = [];
  for (const term of query.split(/\s+/u)) {
    const expression = termExpression(term);
    if (expression === null) continue;
    (expression.column === 'uni' ? uni : bi).push(expression.expression);
  }
  if (uni.length === 0 && bi.length === 0) return null;
  return {
    uni: uni.length === 0 ? null : uni.join(' AND '),
    bi: bi.length === 0 ? null : bi.join(' AND '),
  };
}
